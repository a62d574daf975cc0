# The learnr tutorials (inst/tutorials/): both render, and in headless
# Chromium the first exercise of the English one runs and is checked.

test_that("the tutorials render with runtime shiny_prerendered", {
  skip_on_cran()
  for (p in c("learnr", "rmarkdown", "callr")) skip_if_not_installed(p)
  skip_if_not(rmarkdown::pandoc_available("1.14"), "pandoc is not installed")
  for (name in c("teaching-en", "teaching-de")) {
    rmd <- tutorial_copy(name)
    html <- paste(readLines(sub("\\.Rmd$", ".html", rmd), warn = FALSE, encoding = "UTF-8"),
                  collapse = "\n")
    labels <- regmatches(html, gregexpr('data-label="ex-[a-z]+"', html))[[1]]
    expect_setequal(unique(labels), sprintf('data-label="ex-%s"',
      c("scale", "schedule", "method", "names", "k", "stab", "missing")))
    expect_match(html, "shiny-prerendered", fixed = TRUE)
  }
})

test_that("in headless Chromium the first exercise runs and is checked", {
  skip_if_no_tutorial_browser()
  b <- tutorial_browser(tutorial_copy("teaching-en"))
  # The starter code forgets to standardise: checked as not yet right.
  starter <- paste(
    "both <- c(items, 'population')",
    "raw <- typology(kommunen, k = 4, items = both, nstart = 10, seed = 1)",
    "std <- typology(kommunen, k = 4, items = both, nstart = 10, seed = 1)",
    "c(raw = agreement(raw, kommunen$type)$ari, std = agreement(std, kommunen$type)$ari)",
    sep = "\n")
  wrong <- tutorial_submit(b, "ex-scale", starter)
  expect_match(wrong$class, "alert-danger")
  expect_match(wrong$text, "Not yet", fixed = TRUE)
  solution <- sub("std <- typology(kommunen, k = 4, items = both,",
                  "std <- typology(kommunen, k = 4, items = both, standardize = TRUE,",
                  starter, fixed = TRUE)
  right <- tutorial_submit(b, "ex-scale", solution)
  expect_match(right$class, "alert-success")
  expect_match(right$text, "Correct!", fixed = TRUE)
})
