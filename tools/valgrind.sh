#!/usr/bin/env bash
# make valgrind: run the whole test suite under valgrind memcheck against the
# installed package (built with the shipped flags plus -g). Slow: minutes.
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
printf 'CXX17FLAGS = -g -O2\nCXXFLAGS = -g -O2\n' > "$work/Makevars"
mkdir -p "$work/lib"
R_MAKEVARS_USER="$work/Makevars" R CMD INSTALL --preclean --library="$work/lib" . >"$work/install.log" 2>&1 \
  || { tail -40 "$work/install.log"; exit 1; }
export NOT_CRAN=true OMP_NUM_THREADS=2
R_LIBS="$work/lib" R -d "valgrind --tool=memcheck --error-exitcode=42 --track-origins=no --suppressions=tools/valgrind.supp" \
  --vanilla --quiet -e '
  res <- testthat::test_dir("tests/testthat", package = "typfrage",
                            load_package = "installed", stop_on_failure = FALSE,
                            reporter = testthat::SummaryReporter$new())
  df <- as.data.frame(res)
  cat(sprintf("\nvalgrind: %d passed, %d failed, %d skipped\n",
              sum(df$passed), sum(df$failed), sum(df$skipped)))
  if (sum(df$failed) > 0) quit(status = 1)
' 2>&1 | tee "$work/valgrind.log" | grep -E "^==[0-9]+== (ERROR SUMMARY|.*definitely lost|Invalid|Conditional jump)|^valgrind:" | tail -20
exit "${PIPESTATUS[0]}"
