steckbrief_fit <- function() {
  fit <- as_typology(USArrests, usarrests_partition(3))
  name_types(fit, c("Bedaechtige", "Optimierer", "Community Manager"))
}
steckbrief_covs <- data.frame(region = state.region, area = state.area)

test_that("a Steckbrief prints compact cards that fit 80 columns", {
  fit <- steckbrief_fit()
  s <- steckbrief(fit, covariates = steckbrief_covs, data = USArrests)
  expect_s3_class(s, "typology_steckbrief")
  expect_length(s$cards, 3)
  expect_snapshot(print(s))
  # long labels are shortened, never wrapped
  long <- c(Murder = strrep("A very long item label ", 6))
  out <- format(steckbrief(fit, labels = long))
  expect_true(all(nchar(out, type = "width") <= 80))
  out <- utils::capture.output(print(steckbrief(name_types(fit, c(strrep("x", 120), "b", "c")))))
  expect_true(all(nchar(out, type = "width") <= 80))
})

test_that("the card's numbers come from profiles()", {
  fit <- steckbrief_fit()
  s <- steckbrief(fit, covariates = steckbrief_covs, top = 2)
  p <- profiles(fit, covariates = steckbrief_covs)
  df <- as.data.frame(s)
  expect_equal(generics::tidy(s), df)
  for (t in 1:3) {
    card <- df[df$type == t, ]
    expect_equal(card$value[card$variable == "n"], unname(p$size[t]))
    expect_equal(card$value[card$variable == "share"], unname(p$share[t]))
    d <- p$d[t, ]
    more <- card[card$section == "prioritises_more", ]
    expect_equal(more$variable, utils::head(names(sort(d[d > 0], decreasing = TRUE)), 2))
    expect_equal(more$statistic, unname(d[more$variable]))
    expect_equal(more$value, unname(p$means[t, more$variable]))
    less <- card[card$section == "prioritises_less", ]
    expect_equal(less$variable, utils::head(names(sort(d[d < 0])), 2))
    over <- card[card$section == "over_represented", ]
    res <- p$covariates$region$residual[t, ]
    expect_equal(over$category, utils::head(names(sort(res[res > 1.96], decreasing = TRUE)), 2))
    expect_equal(over$statistic, unname(res[over$category]))
  }
})

test_that("the most typical member is the medoid or the member nearest the centre", {
  fit <- typology(USArrests, k = 3, method = "pam", standardize = TRUE)
  s <- steckbrief(fit, data = USArrests)
  df <- as.data.frame(s)
  typ <- df[df$section == "typical_member", ]
  expect_equal(typ$value, fit$medoids)
  expect_equal(typ$category, rep("medoid", 3))
  expect_equal(typ$label, rownames(USArrests)[fit$medoids])
  # without medoids: nearest to the centre, in the fitted scale
  fit2 <- as_typology(USArrests, usarrests_partition(3), standardize = TRUE)
  typ2 <- as.data.frame(steckbrief(fit2))
  typ2 <- typ2[typ2$section == "typical_member", ]
  z <- scale(USArrests)
  for (t in 1:3) {
    idx <- which(fit2$cluster == t)
    centre <- (fit2$centers[t, ] - attr(z, "scaled:center")) / attr(z, "scaled:scale")
    best <- idx[which.min(rowSums(sweep(z[idx, ], 2, centre)^2))]
    expect_equal(typ2$value[t], best)
  }
})

test_that("stability intervals appear when given, and only valid objects are taken", {
  fit <- steckbrief_fit()
  stab <- structure(list(
    shares = data.frame(type = 1:3, estimate = c(0.4, 0.34, 0.26),
                        lower = c(0.3, 0.25, 0.15), upper = c(0.5, 0.45, 0.35),
                        level = 0.9),
    types = data.frame(type = 1:3, jaccard = c(0.9, 0.8, 0.7)),
    fit_fingerprint = typfrage:::typology_fingerprint(fit)
  ), class = "typology_stability")
  s <- steckbrief(fit, type = "Optimierer", stability = stab)
  out <- format(s)
  expect_true(any(grepl("90% interval 25.0% to 45.0%", out, fixed = TRUE)))
  expect_true(any(grepl("mean Jaccard 0.80", out, fixed = TRUE)))
  df <- as.data.frame(s)
  expect_equal(df$lower[df$variable == "share"], 0.25)
  # a stability object without the documented fields is fine
  s0 <- steckbrief(fit, stability = structure(
    list(fit_fingerprint = typfrage:::typology_fingerprint(fit)),
    class = "typology_stability"))
  expect_false(any(grepl("interval", format(s0))))
  expect_snapshot(steckbrief(fit, stability = list(shares = 1)), error = TRUE)
})

test_that("type selects cards by number or name", {
  fit <- steckbrief_fit()
  expect_equal(vapply(steckbrief(fit, type = c(3, 1))$cards, `[[`, 1L, "type"), c(3L, 1L))
  expect_equal(steckbrief(fit, type = "Optimierer")$cards[[1]]$type, 2L)
  expect_snapshot(steckbrief(fit, type = 4), error = TRUE)
  expect_snapshot(steckbrief(fit, type = "Unknown"), error = TRUE)
  expect_snapshot(steckbrief(fit, format = "pdf"), error = TRUE)
})

test_that("markdown and html render the cards for reports", {
  fit <- name_types(as_typology(USArrests, usarrests_partition(3)), c("Bed\u00e4chtige", "Optimierer", "Community Manager"))
  md <- steckbrief(fit, covariates = steckbrief_covs, format = "markdown")
  expect_s3_class(md, "knit_asis")
  expect_type(md, "character")
  lines <- strsplit(md, "\n")[[1]]
  expect_equal(sum(grepl("^### Type [1-3]: ", lines)), 3)
  expect_true("### Type 1: Bed\u00e4chtige" %in% lines)
  expect_true("| Item | Type mean | Overall mean | Cohen's d |" %in% lines)
  expect_true(any(grepl("^\\*\\*Most typical member:\\*\\*", lines)))
  expect_snapshot(cat(steckbrief(steckbrief_fit(), type = 1, covariates = steckbrief_covs,
                                 data = USArrests, format = "markdown")))

  html <- steckbrief(fit, type = 2, format = "html", labels = c(Murder = "Murder <&>"))
  expect_match(html, '<div class="typfrage-steckbrief">', fixed = TRUE)
  expect_match(html, "<h3>Type 2: Optimierer</h3>", fixed = TRUE)
  expect_match(html, "Murder &lt;&amp;&gt;", fixed = TRUE)
  expect_equal(lengths(regmatches(html, gregexpr("<table>", html))), 2)
})

test_that("a Steckbrief renders in an R Markdown document", {
  skip_if_not_installed("knitr")
  fit <- steckbrief_fit()
  dir <- tempfile("steckbrief")
  dir.create(dir)
  on.exit(unlink(dir, recursive = TRUE), add = TRUE)
  rmd <- file.path(dir, "card.Rmd")
  env <- new.env()
  env$fit <- fit
  writeLines(c("---", "title: Steckbriefe", "---", "", "# Types", "", "```{r, echo = FALSE}",
               "typfrage::steckbrief(fit, type = 2, format = 'markdown')", "```"), rmd)
  out <- knitr::knit(rmd, output = file.path(dir, "card.md"), quiet = TRUE, envir = env)
  lines <- readLines(out)
  expect_true("### Type 2: Optimierer" %in% lines)  # as-is, not in a code block
  expect_false(any(grepl("^## ###", lines)))
  skip_if_not_installed("rmarkdown")
  skip_if_not(rmarkdown::pandoc_available())
  html <- rmarkdown::render(rmd, output_format = "html_document", quiet = TRUE,
                            envir = env, output_dir = dir)
  page <- paste(readLines(html), collapse = "\n")
  expect_match(page, "<table", fixed = TRUE)
  expect_match(page, "Optimierer", fixed = TRUE)
})

test_that("weighted shares, row names from `data`, and edge cases", {
  x <- as.matrix(USArrests)
  rownames(x) <- NULL
  set.seed(1)
  g <- stats::kmeans(scale(x), 3, nstart = 5)$cluster
  w <- rep(c(1, 3), 25)
  fit <- as_typology(x, g, weights = w)
  s <- steckbrief(fit, data = USArrests)
  card <- s$cards[[1]]
  expect_true(card$weighted)
  expect_equal(card$share$estimate, sum(w[fit$cluster == 1]) / sum(w))
  expect_true(any(grepl("weighted share", format(s))))
  expect_equal(card$typical$name, rownames(USArrests)[card$typical$row])
  # without row names: the row number only
  s2 <- steckbrief(fit)
  expect_true(is.na(s2$cards[[1]]$typical$name))
  expect_true(any(grepl("^Most typical member: row [0-9]+, closest", format(s2))))
})

test_that("a type with one member and a covariate with only missing values work", {
  x <- as.matrix(USArrests)
  g <- c(rep(1:2, length.out = 49), 3)
  fit <- as_typology(x, g)
  p <- profiles(fit, covariates = list(none = factor(rep(NA, 50)), region = state.region))
  expect_true(all(is.na(p$sds[3, ])))
  expect_equal(dim(p$covariates$none$table), c(3L, 0L))
  expect_true(is.na(p$covariate_summary$p_value[1]))
  expect_no_error(format(steckbrief(fit, covariates = data.frame(region = state.region))))
  expect_no_warning(ggplot2::ggplot_build(autoplot(p)))
})

test_that("Steckbriefe of the simulated study types show their published focus", {
  # the simulated (true) types of the synthetic municipalities as a partition
  items <- kommunen_items$variable
  fit <- as_typology(kommunen[items], kommunen$type)  # names from the levels
  covs <- kommunen[c("kind", "size_class", "strategy", "fibre", "egov_components")]
  s <- steckbrief(fit, covariates = covs, labels = kommunen_items)
  df <- as.data.frame(s)
  # every type's top items are the goals the study describes for it
  for (t in 1:4) {
    top <- df$variable[df$type == t & df$section == "prioritises_more"]
    focus <- kommunen_items$variable[kommunen_items$type == fit$type_names[t]]
    expect_true(top[1] %in% focus)
  }
  out <- format(s)
  expect_true(all(nchar(out, type = "width") <= 80))
  expect_true(any(grepl("Umsetzung rechtlicher Vorgaben", out, fixed = TRUE)))
  md <- steckbrief(fit, type = "Optimierer", covariates = covs,
                   labels = kommunen_items[c("variable", "label_en")], format = "markdown")
  expect_match(md, sprintf("### Type %d: Optimierer", match("Optimierer", fit$type_names)),
               fixed = TRUE)
  expect_match(md, "Efficiency of administrative processes", fixed = TRUE)
})
