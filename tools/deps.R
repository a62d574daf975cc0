# Install every package typfrage needs to build, test and check, and the
# system tools its vignettes and `R CMD check --as-cran` use.
#
#   Rscript tools/deps.R
#
# Policy: on a Debian machine where we are root, prefer Debian's prebuilt
# r-cran-* packages (no compiling); anything Debian lacks, or every package on
# other systems, comes from CRAN with install.packages(). Nothing is installed
# that is already there.

desc <- read.dcf("DESCRIPTION")
fields <- intersect(c("Depends", "Imports", "LinkingTo", "Suggests"), colnames(desc))
wanted <- unlist(lapply(desc[1, fields], function(x) {
  x <- trimws(strsplit(gsub("\n", " ", x), ",")[[1]])
  trimws(sub("\\(.*$", "", x))
}))
# Development tools used by the Makefile (documentation, `make site`).
wanted <- unique(c(wanted, "roxygen2", "pkgdown", "rsconnect"))  # rsconnect: pkgdown reads inst/tutorials with it
base_pkgs <- rownames(installed.packages(priority = "base"))
wanted <- setdiff(wanted[nzchar(wanted)], c("R", base_pkgs))

# A package counts as missing when it does not load in a fresh R session
# (not in this one, which may hold older namespaces). The packages they
# depend on are checked too: a CRAN package can bring a newer dependency that
# breaks an installed one (a new xfun breaks Debian's knitr 1.42, say), and
# such a broken package is installed again from CRAN.
missing_pkgs <- function(closure = TRUE) {
  pkgs <- wanted
  if (closure) {
    db <- utils::installed.packages()
    deps <- tools::package_dependencies(intersect(wanted, rownames(db)), db = db,
                                        which = c("Depends", "Imports", "LinkingTo"),
                                        recursive = TRUE)
    pkgs <- unique(c(wanted, setdiff(unlist(deps), base_pkgs)))
  }
  script <- tempfile(fileext = ".R")
  on.exit(unlink(script))
  writeLines(c(
    sprintf("pkgs <- c(%s)", paste0("\"", pkgs, "\"", collapse = ", ")),
    "ok <- vapply(pkgs, function(p) !inherits(try(loadNamespace(p), silent = TRUE), \"try-error\"), TRUE)",
    "cat(pkgs[!ok], sep = \"\\n\")"), script)
  out <- suppressWarnings(system2(file.path(R.home("bin"), "Rscript"), c("--vanilla", shQuote(script)),
                                  stdout = TRUE, stderr = FALSE,
                                  env = paste0("R_LIBS=", paste(.libPaths(), collapse = .Platform$path.sep))))
  out[nzchar(out)]
}

# chromium: the headless browser of the self-assessment page's and the
# tutorial's tests (tests/testthat/helper-browser*.R; they skip without it).
sys_tools <- c(pandoc = "pandoc", tidy = "tidy", qpdf = "qpdf", chromium = "chromium")
is_root <- identical(Sys.info()[["effective_user"]], "root")
has_apt <- nzchar(Sys.which("apt-get")) && nzchar(Sys.which("apt-cache"))

apt_candidate <- function(pkg) {
  out <- suppressWarnings(system2("apt-cache", c("policy", pkg), stdout = TRUE, stderr = FALSE))
  cand <- grep("Candidate:", out, value = TRUE)
  length(cand) > 0 && !grepl("\\(none\\)", cand[1])
}

# System libraries that CRAN packages compile against (websocket, under
# chromote: OpenSSL), installed with apt whenever R packages are to be installed.
sys_libs <- c(websocket = "libssl-dev")
deb_installed <- function(pkg) {
  out <- suppressWarnings(system2("dpkg-query", c("-W", "-f='${Status}'", pkg),
                                  stdout = TRUE, stderr = FALSE))
  any(grepl("install ok installed", out))
}

todo <- missing_pkgs()
tools_missing <- names(sys_tools)[!nzchar(Sys.which(sys_tools))]
libs_missing <- character()
if (has_apt && length(todo)) {
  libs_missing <- unname(sys_libs)
  libs_missing <- libs_missing[!vapply(libs_missing, deb_installed, logical(1))]
}

if (is_root && has_apt && (length(todo) || length(tools_missing) || length(libs_missing))) {
  if (!apt_candidate("r-cran-rcpp")) {
    message("* apt-get update")
    system2("apt-get", c("update", "-qq"))
  }
  deb <- c(paste0("r-cran-", tolower(todo)), sys_tools[tools_missing], libs_missing)
  deb <- deb[vapply(deb, apt_candidate, logical(1))]
  if (length(deb)) {
    message("* apt-get install ", paste(deb, collapse = " "))
    Sys.setenv(DEBIAN_FRONTEND = "noninteractive")
    status <- system2("apt-get", c("install", "-y", "-qq", "--no-install-recommends", deb),
                      stdout = FALSE)
    if (status != 0) message("  apt-get failed; falling back to CRAN")
  }
  todo <- missing_pkgs()
}

if (length(todo)) {
  repos <- getOption("repos")
  if (is.null(repos) || identical(unname(repos["CRAN"]), "@CRAN@")) {
    repos <- c(CRAN = "https://cloud.r-project.org")
  }
  lib <- .libPaths()[1]
  if (file.access(lib, 2) != 0) {
    lib <- Sys.getenv("R_LIBS_USER")
    dir.create(lib, recursive = TRUE, showWarnings = FALSE)
    .libPaths(c(lib, .libPaths()))
  }
  for (round in 1:3) {
    message("* install.packages(): ", paste(todo, collapse = ", "))
    install.packages(todo, repos = repos, lib = lib, Ncpus = 2L, quiet = TRUE)
    todo <- missing_pkgs()
    if (!length(todo)) break
  }
}

if (length(todo)) {
  stop("Could not install: ", paste(todo, collapse = ", "), call. = FALSE)
}
still <- names(sys_tools)[!nzchar(Sys.which(sys_tools))]
if ("pandoc" %in% still && !(requireNamespace("rmarkdown", quietly = TRUE) &&
                             rmarkdown::pandoc_available())) {
  message("! pandoc is not installed: vignettes cannot be built. ",
          "Install it from https://pandoc.org or your system's package manager.")
}
message("* all R dependencies are installed")
