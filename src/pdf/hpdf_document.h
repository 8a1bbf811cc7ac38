// A libharu document whose errors are recorded and thrown as base::environment_error, never
// longjmp'd. Public libharu API only; the private structs live in libharu_private.cpp.
#pragma once

#include <hpdf.h>

#include <cstdio>
#include <string>

#include "base/error.h"
#include "base/messages.h"

namespace selfeval::pdf {

struct hpdf_error {
  HPDF_STATUS error_no = HPDF_OK;
  HPDF_STATUS detail_no = 0;
};

inline void record_error(HPDF_STATUS error_no, HPDF_STATUS detail_no, void* user_data) {
  auto* error = static_cast<hpdf_error*>(user_data);
  if (error->error_no == HPDF_OK) {  // the first error is the cause; later ones follow from it
    error->error_no = error_no;
    error->detail_no = detail_no;
  }
}

class hpdf_document {
 public:
  hpdf_document() : doc_(HPDF_New(record_error, &error_)) {
    if (doc_ == nullptr) throw base::environment_error(base::tr("pdf.libharu.no-document"));
  }
  ~hpdf_document() { HPDF_Free(doc_); }
  hpdf_document(const hpdf_document&) = delete;
  hpdf_document& operator=(const hpdf_document&) = delete;

  HPDF_Doc get() const { return doc_; }

  // Throws when `status` or the recorded error says the last call failed.
  void check(HPDF_STATUS status, const char* what) {
    if (status == HPDF_OK && error_.error_no == HPDF_OK) return;
    // Some failures are only set on the document, not raised through the handler.
    hpdf_error e = error_;
    if (e.error_no == HPDF_OK) {
      e = HPDF_GetError(doc_) != HPDF_OK
              ? hpdf_error{HPDF_GetError(doc_), HPDF_GetErrorDetail(doc_)}
              : hpdf_error{status, 0};
    }
    char code[16];
    std::snprintf(code, sizeof code, "0x%04X", static_cast<unsigned>(e.error_no));
    // The step names stay as written: they only help whoever looks into the program.
    throw base::environment_error(
        base::tr("pdf.libharu.error",
                 {{"code", code}, {"detail", static_cast<unsigned>(e.detail_no)}, {"step", what}}));
  }
  template <typename T>
  T* check(T* result, const char* what) {
    check(result == nullptr ? HPDF_GetError(doc_) : HPDF_OK, what);
    if (result == nullptr) check(HPDF_INVALID_OBJECT, what);  // failed without a code
    return result;
  }

 private:
  hpdf_error error_;
  HPDF_Doc doc_;
};

}  // namespace selfeval::pdf
