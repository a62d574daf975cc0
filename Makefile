# typfrage: the two commands of the README, and the tools behind them.
#
#   make study   install what is missing, install the package, run the study
#   make test    install what is missing, the size rules (make lint), the
#                native C++ tests (make cpptest),
#                build the tarball, R CMD check --as-cran
#
# Other targets: deps, install, build, cpptest, quicktest, bench, document,
# site, sanitize, valgrind, clean.

R       ?= R
RSCRIPT ?= Rscript
PKG     := typfrage
VERSION := $(shell sed -n 's/^Version: *//p' DESCRIPTION)
TARBALL := $(PKG)_$(VERSION).tar.gz
CHECKDIR := check

.PHONY: deps install build study test lint cpptest quicktest bench document site sanitize valgrind clean

deps:
	$(RSCRIPT) tools/deps.R

# Install, then build the vignettes against the installed package into
# inst/doc and install again (the compiled code is reused), so that
# vignette("teaching", package = "typfrage") and the others are installed.
install: deps
	$(R) CMD INSTALL --preclean --no-multiarch .
	$(RSCRIPT) tools/vignettes.R
	$(R) CMD INSTALL --no-multiarch .

build: deps
	rm -f $(PKG)_*.tar.gz
	$(R) CMD build .

study: install
	$(RSCRIPT) tools/study.R

# _R_CHECK_PACKAGE_DATASETS_SUPPRESS_NOTES_: the shipped data hold marked UTF-8
# strings (German names such as "Bedächtige"); R >= 4.5 no longer reports these
# by default, older R gives an informational NOTE.
# _R_SHLIB_STRIP_ + R_STRIP_SHARED_LIB: strip only the debug information from
# the installed library (R's `INSTALL --strip`, keeping the symbols that the
# compiled-code check reads); with Debian's default -g the Eigen-heavy objects
# otherwise exceed the 5 MB "installed package size" NOTE threshold.
test: lint cpptest build
	rm -rf $(CHECKDIR) && mkdir -p $(CHECKDIR)
	-NOT_CRAN=true _R_CHECK_SYSTEM_CLOCK_=FALSE _R_CHECK_PACKAGE_DATASETS_SUPPRESS_NOTES_=true \
	  _R_SHLIB_STRIP_=true R_STRIP_SHARED_LIB="strip --strip-debug" $(R) CMD check --as-cran --no-manual \
	  --output=$(CHECKDIR) $(TARBALL)
	$(RSCRIPT) tools/check-summary.R $(CHECKDIR)/$(PKG).Rcheck

# Size rules of the sources (#19): no function over 80 lines in R/, src/ and
# inst/include/ (generated code aside), no R file over 400 lines.
lint:
	$(RSCRIPT) tools/long-functions.R

# The native tests of the C++ core (cpptests/, not part of the package):
# built against inst/include/ and Eigen alone, with and without the SIMD
# paths; both builds must pass and give bit-identical fits (cpptests/Makefile).
cpptest: deps
	$(MAKE) -C cpptests run RSCRIPT=$(RSCRIPT)

# Fast loop for developers: install, then run the tests (creates new snapshots).
quicktest: install
	NOT_CRAN=true $(RSCRIPT) -e 'testthat::test_dir("tests/testthat", package = "$(PKG)", load_package = "installed", stop_on_failure = TRUE)'

bench: install
	$(RSCRIPT) bench/run.R

# Memory safety: the test suite under ASan+UBSan, and under valgrind memcheck.
sanitize: deps
	bash tools/sanitize.sh

valgrind: deps
	bash tools/valgrind.sh

document: deps
	$(RSCRIPT) -e 'Rcpp::compileAttributes(); roxygen2::roxygenise(load_code = roxygen2::load_source)'

# The documentation site (pkgdown, offline) in site/: reference, articles
# (English and German), and the study's Steckbriefe and self-assessment page
# from out/ (made by the study first if missing). Open site/index.html.
site: install
	test -f out/steckbriefe-en.html || $(RSCRIPT) tools/study.R
	$(RSCRIPT) tools/site.R

clean:
	rm -rf $(CHECKDIR) $(PKG)_*.tar.gz src/*.o src/*.so out cpptests/build site inst/doc
