# Build the vignettes against the installed typfrage into inst/doc, so that
# a following `R CMD INSTALL .` installs them (`make install`; the tarball of
# `R CMD build` carries them the same way). inst/doc is not in git.
#
#   Rscript tools/vignettes.R
if (!requireNamespace("typfrage", quietly = TRUE)) {
  stop("Install typfrage first (R CMD INSTALL .).", call. = FALSE)
}
if (!(requireNamespace("knitr", quietly = TRUE) && requireNamespace("rmarkdown", quietly = TRUE) &&
      rmarkdown::pandoc_available("1.14"))) {
  message("! knitr, rmarkdown or pandoc missing: the vignettes are not built")
  quit(status = 0)
}
out <- tools::buildVignettes(dir = ".", tangle = TRUE, quiet = TRUE)
dir.create("inst/doc", recursive = TRUE, showWarnings = FALSE)
src <- list.files("vignettes", pattern = "\\.Rmd$", full.names = TRUE)
made <- file.path(out$dir, unique(c(out$outputs, unlist(out$sources))))
file.copy(c(made, src), "inst/doc", overwrite = TRUE)
unlink(made)
message("* ", length(out$outputs), " vignettes built into inst/doc")
