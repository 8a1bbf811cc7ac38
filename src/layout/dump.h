// A readable text dump of laid-out pages (one item a line, coordinates rounded to 0.01 pt) for
// golden tests: comparing dumps shows what moved, unlike comparing PDF bytes.
#pragma once

#include <string>

#include "layout/page.h"

namespace selfeval::layout {

// Name of a font role as written in dumps: "song", "hei", "fangsong", "kai", "xiaobiaosong".
const char* role_name(font_role r);

// Example:
//   document title="2023年度部门整体支出绩效自评表" author="沅江市总工会" subject="附件2"
//   date=2024-05-08 page 1 595.28x841.89 text 79.37 758.41 hei 16.00 "附件2" line 79.37 600.00
//   521.57 600.00 w=0.50
std::string dump(const document& doc);

}  // namespace selfeval::layout
