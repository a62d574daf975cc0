#!/usr/bin/env bash
# make sanitize: build typfrage with AddressSanitizer and UndefinedBehavior-
# Sanitizer (gcc) into a temporary library and run the whole test suite.
# The shipped src/Makevars is never changed: the flags come from a temporary
# R_MAKEVARS_USER file. R itself is not instrumented, so the ASan runtime is
# preloaded; leak detection is off (R's own allocations look like leaks).
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cat > "$work/Makevars" <<'MK'
CXX17FLAGS = -g -O1 -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=undefined
CXXFLAGS = -g -O1 -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=undefined
LDFLAGS = -fsanitize=address,undefined
MK
mkdir -p "$work/lib"
R_MAKEVARS_USER="$work/Makevars" R CMD INSTALL --preclean --no-test-load --library="$work/lib" . >"$work/install.log" 2>&1 \
  || { tail -40 "$work/install.log"; exit 1; }
asan=$(gcc -print-file-name=libasan.so)
ubsan=$(gcc -print-file-name=libubsan.so)
export ASAN_OPTIONS="detect_leaks=0:halt_on_error=1:abort_on_error=1"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
export NOT_CRAN=true
LD_PRELOAD="$asan $ubsan" R_LIBS="$work/lib" Rscript -e '
  res <- testthat::test_dir("tests/testthat", package = "typfrage",
                            load_package = "installed", stop_on_failure = FALSE,
                            reporter = testthat::SummaryReporter$new())
  df <- as.data.frame(res)
  cat(sprintf("\nsanitize: %d passed, %d failed, %d skipped (ASan+UBSan, no errors reported)\n",
              sum(df$passed), sum(df$failed), sum(df$skipped)))
  if (sum(df$failed) > 0 || any(df$error)) quit(status = 1)
' 2>&1 | tee "$work/test.log" | tail -30
status=${PIPESTATUS[0]}
if grep -q "ERROR: AddressSanitizer\|runtime error:" "$work/test.log"; then
  echo "sanitize: sanitizer reports found"; exit 1
fi
exit "$status"
