// The program: everything happens in cli::run so tests can call it in-process.
#include "cli/run.h"

int main(int argc, char** argv) {
  return selfeval::cli::run(argc, argv);
}
