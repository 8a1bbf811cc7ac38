// Where the program finds its configuration (config/) and report templates (docx-templates/).
#pragma once

#include <string>

namespace selfeval::cli {

// A folder given by the user, else `name` in the working folder, else beside the program
// (build/selfeval finds the repository's config/ and docx-templates/).
std::string resource_dir(const std::string& given, const char* name);

}  // namespace selfeval::cli
