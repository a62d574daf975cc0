# typfrage: the two commands of the README, and the tools behind them.
#
#   make study   install what is missing, install the package, run the study
#   make test    install what is missing, build the tarball, R CMD check --as-cran
#
# Other targets: deps, install, build, quicktest, bench, document, sanitize,
# valgrind, clean.

R       ?= R
RSCRIPT ?= Rscript
PKG     := typfrage
VERSION := $(shell sed -n 's/^Version: *//p' DESCRIPTION)
TARBALL := $(PKG)_$(VERSION).tar.gz
CHECKDIR := check

.PHONY: deps install build study test quicktest bench document sanitize valgrind clean

deps:
	$(RSCRIPT) tools/deps.R

install: deps
	$(R) CMD INSTALL --preclean --no-multiarch .

build: deps
	rm -f $(PKG)_*.tar.gz
	$(R) CMD build .

study: install
	$(RSCRIPT) tools/study.R

test: build
	rm -rf $(CHECKDIR) && mkdir -p $(CHECKDIR)
	-NOT_CRAN=true _R_CHECK_SYSTEM_CLOCK_=FALSE $(R) CMD check --as-cran --no-manual \
	  --output=$(CHECKDIR) $(TARBALL)
	$(RSCRIPT) tools/check-summary.R $(CHECKDIR)/$(PKG).Rcheck

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

clean:
	rm -rf $(CHECKDIR) $(PKG)_*.tar.gz src/*.o src/*.so out
