# Build the documentation site into site/ (run by `make site`, after
# `make install`): pkgdown, offline, with every example run against the
# installed package. Any warning is an error. The study's Steckbriefe and
# self-assessment page (written to out/ by tools/study.R) are copied in,
# so the site's links to them work.
options(pkgdown.internet = FALSE)  # no CRAN/Bioconductor look-ups

warnings_seen <- character()
withCallingHandlers(
  {
    pkgdown::check_pkgdown(".")
    pkgdown::build_site(".", examples = TRUE, devel = FALSE, install = FALSE,
                        new_process = FALSE, preview = FALSE)
  },
  warning = function(w) {
    warnings_seen <<- c(warnings_seen, conditionMessage(w))
  }
)

study <- c(Sys.glob("out/steckbriefe-*.html"), Sys.glob("out/steckbriefe-*.pdf"),
           Sys.glob("out/selbsttest*.html"))
if (length(study)) invisible(file.copy(study, "site", overwrite = TRUE))
missing <- setdiff(c("steckbriefe-en.html", "steckbriefe-de.html", "steckbriefe-en.pdf",
                     "selbsttest.html"), basename(study))
if (length(missing)) {
  message("! Not in out/ (run `make study`), so the site's links to them are dead: ",
          paste(missing, collapse = ", "))
}
if (length(warnings_seen)) {
  stop("The site was built with ", length(warnings_seen), " warning(s):\n",
       paste("*", unique(warnings_seen), collapse = "\n"), call. = FALSE)
}
message("* site built: open site/index.html in a browser")
