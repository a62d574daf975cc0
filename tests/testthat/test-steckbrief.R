steckbrief_fit <- function() {
  fit <- as_typology(USArrests, usarrests_partition(3))
  name_types(fit, c("Bedaechtige", "Optimierer", "Community Manager"))
}
steckbrief_covs <- data.frame(region = state.region, area = state.area)

test_that("a Steckbrief prints cards that fit the console, wrapping long labels", {
  fit <- steckbrief_fit()
  s <- steckbrief(fit, covariates = steckbrief_covs, data = USArrests)
  expect_s3_class(s, "typology_steckbrief")
  expect_length(s$cards, 3)
  withr::local_options(width = 80)
  expect_snapshot(print(s))
  # long labels are wrapped, never cut: every word of the label is printed
  long <- c(Murder = paste("A very long item label", 1:6, collapse = " "))
  out <- format(steckbrief(fit, labels = long, min_d = 0), width = 80)
  expect_true(all(nchar(out, type = "width") <= 80))
  words <- strsplit(paste(out, collapse = " "), " +")[[1]]
  expect_true(all(paste("label", 1:6) %in% paste(words[-length(words)], words[-1])))
  expect_false(any(grepl("...", out, fixed = TRUE)))
  out <- utils::capture.output(print(steckbrief(name_types(fit, c(strrep("x", 120), "b", "c")))))
  expect_true(all(nchar(out, type = "width") <= 80))
})

test_that("the card's numbers come from profiles()", {
  fit <- steckbrief_fit()
  s <- steckbrief(fit, covariates = steckbrief_covs, top = 2, min_d = 0, residual = 1.96)
  p <- expect_warning(profiles(fit, covariates = steckbrief_covs), class = "typfrage_warning_chisq")
  p <- suppressWarnings(profiles(fit, covariates = steckbrief_covs))
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
    e <- p$covariates$region$expected[t, ]
    found <- res[abs(res) > 1.96 & e >= 5]
    cov <- card[card$section %in% c("over_represented", "under_represented") &
                  card$variable == "region", ]
    expect_setequal(cov$category, names(found))
    expect_equal(cov$statistic, unname(res[cov$category]))
    expect_equal(over$section, rep("over_represented", nrow(over)))
  }
})

test_that("the most typical member is the medoid or the member nearest the centre", {
  fit <- typology(USArrests, k = 3, method = "pam", standardize = TRUE)
  s <- steckbrief(fit, data = USArrests)
  df <- as.data.frame(s)
  typ <- df[df$section == "typical_member", ]
  first <- typ[!duplicated(typ$type), ]
  expect_equal(first$value, fit$medoids)
  expect_equal(first$category, rep("medoid", 3))
  expect_equal(first$label, rownames(USArrests)[fit$medoids])
  expect_true(all(typ$category[duplicated(typ$type)] == "closest"))
  # without medoids: nearest to the centre, in the fitted scale
  fit2 <- as_typology(USArrests, usarrests_partition(3), standardize = TRUE)
  typ2 <- as.data.frame(steckbrief(fit2, n_typical = 1))
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
  expect_snapshot(steckbrief(fit, format = "svg"), error = TRUE)
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
  expect_true(any(grepl("^\\*\\*Most typical members\\*\\*:", lines)))
  expect_snapshot(cat(steckbrief(steckbrief_fit(), type = 1, covariates = steckbrief_covs,
                                 data = USArrests, format = "markdown")))

  html <- steckbrief(fit, type = 2, format = "html", labels = c(Murder = "Murder <&>"),
                     min_d = 0)
  expect_match(html, '<div class="typfrage-steckbriefe">', fixed = TRUE)
  expect_match(html, '<h3 class="tf-title">Type 2: Optimierer</h3>', fixed = TRUE)
  expect_match(html, "Murder &lt;&amp;&gt;", fixed = TRUE)
  expect_equal(lengths(regmatches(html, gregexpr("<table class=\"tf-table\">", html))), 2)
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
  expect_equal(card$typical$id, rownames(USArrests)[card$typical$row])
  # without row names: the row number only
  s2 <- steckbrief(fit)
  expect_true(all(is.na(s2$cards[[1]]$typical$id)))
  expect_true(any(grepl("^  row [0-9]+, closest", format(s2))))
})

test_that("a type with one member and a covariate with only missing values work", {
  x <- as.matrix(USArrests)
  g <- c(rep(1:2, length.out = 49), 3)
  fit <- as_typology(x, g)
  p <- suppressWarnings(profiles(fit, covariates = list(none = factor(rep(NA, 50)), region = state.region)))
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
  s <- steckbrief(fit, covariates = covs, labels = kommunen_items, lang = "de")
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

test_that("a category with one case (expected count below 5) is never reported", {
  # a type of 5 of 50 states; one of them alone in a category: its adjusted
  # residual is about 3, its expected count 0.1
  g <- c(rep(1, 25), rep(2, 20), rep(3, 5))
  fit <- as_typology(USArrests, g)
  one <- rep("common", 50)
  one[46] <- "single"
  covs <- data.frame(one = one, region = state.region)
  expect_warning(profiles(fit, covariates = covs), class = "typfrage_warning_chisq")
  p <- suppressWarnings(profiles(fit, covariates = covs))
  expect_gt(p$covariates$one$residual[3, "single"], 1.96)   # would pass the residual rule
  expect_lt(p$covariates$one$expected[3, "single"], 5)
  expect_false(p$covariates$one$approx_ok)
  e <- suppressWarnings(stats::chisq.test(table(fit$cluster, one)))$expected
  expect_equal(unname(p$covariates$one$expected), unname(unclass(e)))
  expect_equal(p$covariate_summary$small_expected[1], mean(e < 5))
  # the same warning text as chisq.test()
  expect_warning(profiles(fit, covariates = covs), "Chi-squared approximation may be incorrect")
  expect_warning(stats::chisq.test(table(g, one)), "Chi-squared approximation may be incorrect")
  s <- expect_no_warning(steckbrief(fit, covariates = covs))
  df <- as.data.frame(s)
  rep <- df[df$section %in% c("over_represented", "under_represented"), ]
  expect_false(any(rep$category %in% "single"))
  nt <- df[df$section == "not_testable" & df$type == 3, ]
  expect_true("single" %in% nt$category)
  expect_match(paste(format(s), collapse = " "), "Not testable (expected count below 5): one: single",
               fixed = TRUE)
  # and no finding anywhere has an expected count below 5
  for (card in s$cards) {
    cv <- card$covariates
    expect_true(all(is.na(cv$expected) | cv$expected >= 5))
  }
  # a covariate with every expected count >= 5 gives no warning
  big <- data.frame(half = rep(c("a", "b"), 25))
  expect_no_warning(p2 <- profiles(steckbrief_fit(), covariates = big))
  expect_true(p2$covariates$half$approx_ok)
})

test_that("logical covariates print yes/no (ja/nein); one finding per yes/no covariate", {
  fit <- steckbrief_fit()
  flag <- fit$cluster == 1 | seq_len(50) %% 7 == 0
  s <- suppressWarnings(steckbrief(fit, covariates = data.frame(flag = flag)))
  card <- s$cards[[1]]
  expect_equal(nrow(card$covariates), 1L)
  expect_equal(card$covariates$category, "TRUE")
  out <- paste(format(s), collapse = "\n")
  expect_match(out, "flag: yes", fixed = TRUE)
  expect_false(grepl("TRUE|FALSE", out))
  de <- paste(format(s, lang = "de"), collapse = "\n")
  expect_match(de, "flag: ja", fixed = TRUE)
  df <- as.data.frame(s, lang = "de")
  expect_equal(df$category[df$section == "over_represented" & df$type == 1], "ja")
})

test_that("items, id, how many, thresholds and the order of types are chosen", {
  fit <- steckbrief_fit()
  d <- cbind(USArrests, name = paste("State", state.abb))
  s <- steckbrief(fit, data = d, id = name, items = c(Murder, Assault), n_typical = 2,
                  type = c(3, 1), min_d = 0.5, top = 1)
  expect_equal(vapply(s$cards, `[[`, 1L, "type"), c(3L, 1L))
  for (card in s$cards) {
    expect_equal(card$profile$item, c("Murder", "Assault"))
    expect_equal(nrow(card$typical), 2L)
    expect_true(all(card$typical$id == paste("State", state.abb)[card$typical$row]))
    expect_true(all(abs(c(card$high$d, card$low$d)) >= 0.5))
    expect_lte(nrow(card$high), 1L)
  }
  expect_match(paste(format(s), collapse = " "), "State [A-Z]{2} \\(row [0-9]+\\)")
  expect_equal(steckbrief(fit, id = rownames(USArrests), n_typical = 1)$cards[[1]]$typical$id,
               rownames(USArrests)[steckbrief(fit, n_typical = 1)$cards[[1]]$typical$row])
  expect_snapshot(steckbrief(fit, data = d, id = c(name, Murder)), error = TRUE)
  expect_snapshot(steckbrief(fit, id = 1:3), error = TRUE)
  # tidy() has the words in the language asked for
  td <- generics::tidy(s, lang = "de")
  expect_equal(td$text[td$section == "words" & td$variable == "title"][1], "Typ 3: Community Manager")
  expect_match(td$text[td$section == "words" & td$variable == "headline"][1], "^Priorisiert")
})

steckbrief_study <- function() {
  items <- kommunen_items$variable
  fit <- as_typology(kommunen[items], kommunen$type, method = "kmeans")
  st <- stability(fit, B = 10, seed = 1, threads = 1, verbose = FALSE)
  list(fit = fit, st = st, covs = kommunen[c("kind", "size_class", "state", "participation")])
}

test_that("HTML cards are self-contained: one image per card, no external resource", {
  sd <- steckbrief_study()
  html <- steckbrief(sd$fit, covariates = sd$covs, stability = sd$st, format = "html",
                     labels = kommunen_items[c("variable", "label_de")], lang = "de",
                     dpi = 40)
  cards <- regmatches(html, gregexpr('<section class="tf-card"', html))[[1]]
  expect_length(cards, 4)
  expect_equal(lengths(regmatches(html, gregexpr("<img ", html))), 4)
  expect_equal(lengths(regmatches(html, gregexpr('src="data:image/png;base64,', html))), 4)
  expect_false(grepl("https?://", html))
  expect_false(grepl("(src|href)=\"(?!data:)", html, perl = TRUE))
  expect_match(html, "<style>", fixed = TRUE)
  expect_match(html, "Priorisiert st\u00e4rker als die anderen", fixed = TRUE)
  expect_match(html, "Kennzeichnende Kovariaten", fixed = TRUE)
  expect_match(html, "Synthetische Daten", fixed = TRUE)
  expect_match(html, "<thead><tr><th>Item</th>", fixed = TRUE)
  # every CSS rule is scoped to the cards
  css <- gsub("(?s)/\\*.*?\\*/", "", typfrage:::steckbrief_css(), perl = TRUE)
  sel <- regmatches(css, gregexpr("(^|\\})\\s*[^@\\s{}][^{}]*\\{", css, perl = TRUE))[[1]]
  sel <- trimws(gsub("[{}]", "", sel))
  expect_true(all(startsWith(sel, ".typfrage-steckbriefe")))
  # the decoded image is a PNG
  b64 <- regmatches(html, regexpr("(?<=base64,)[A-Za-z0-9+/=]+", html, perl = TRUE))
  skip_if_not_installed("jsonlite")
  raw <- jsonlite::base64_dec(b64)
  expect_equal(raw[2:4], charToRaw("PNG"))
  expect_equal(typfrage:::base64_encode(charToRaw("typfrage!")), jsonlite::base64_enc(charToRaw("typfrage!")))
})

test_that("the PDF has exactly one page per type; PNG one file per card", {
  sd <- steckbrief_study()
  dir <- withr::local_tempdir()
  for (lang in c("de", "en")) {
    f <- file.path(dir, paste0("cards-", lang, ".pdf"))
    out <- steckbrief(sd$fit, covariates = sd$covs, stability = sd$st, format = "pdf",
                      file = f, lang = lang,
                      labels = kommunen_items[c("variable", paste0("label_", lang))])
    expect_equal(out, f)
    expect_equal(pdf_pages(f), 4L)
    if (requireNamespace("pdftools", quietly = TRUE)) {
      txt <- pdftools::pdf_text(f)
      head <- if (lang == "de") "Priorisiert st\u00e4rker als die anderen" else "Prioritises more than the others"
      expect_true(all(grepl(head, txt, fixed = TRUE)))
      expect_true(all(grepl(if (lang == "de") "Typ [1-4]: " else "Type [1-4]: ", txt)))
      expect_true(all(grepl(if (lang == "de") "Synthetische Daten" else "Synthetic data", txt)))
    }
  }
  f <- file.path(dir, "ov.pdf")
  steckbrief(sd$fit, type = 1:2, format = "pdf", file = f, overview = TRUE)
  expect_equal(pdf_pages(f), 3L)
  png <- steckbrief(sd$fit, type = c(2, 4), format = "png", file = file.path(dir, "c.png"),
                    dpi = 40)
  expect_equal(basename(png), c("c-2.png", "c-4.png"))
  expect_true(all(file.exists(png)))
  expect_equal(readBin(png[1], "raw", 4)[2:4], charToRaw("PNG"))
  expect_snapshot(steckbrief(sd$fit, format = "png"), error = TRUE)
})

test_that("in Word the cards are real tables; in html_vignette the styled cards", {
  skip_if_not_installed("rmarkdown")
  skip_if_not(rmarkdown::pandoc_available())
  fit <- steckbrief_fit()
  dir <- withr::local_tempdir()
  env <- new.env()
  env$fit <- fit
  rmd <- file.path(dir, "cards.Rmd")
  # format = "html" in a Word document gives markdown (pandoc drops raw HTML)
  writeLines(c("---", "title: Steckbriefe", "---", "", "```{r, echo = FALSE}",
               "typfrage::steckbrief(fit, type = 1:2, format = 'html', lang = 'de')", "```"), rmd)
  docx <- rmarkdown::render(rmd, output_format = "word_document", quiet = TRUE, envir = env,
                            output_dir = dir, intermediates_dir = dir)
  xml_dir <- file.path(dir, "docx")
  utils::unzip(docx, files = "word/document.xml", exdir = xml_dir)
  xml <- paste(readLines(file.path(xml_dir, "word", "document.xml"), warn = FALSE), collapse = "")
  # two cards, each with its two item tables (type 1 also its covariate-free card)
  expect_gte(lengths(regmatches(xml, gregexpr("<w:tbl>", xml, fixed = TRUE))), 3)
  expect_match(xml, "Typmittel", fixed = TRUE)
  expect_false(grepl("&lt;table", xml, fixed = TRUE))
  withr::local_options(rmarkdown.html_vignette.check_title = FALSE)
  html <- rmarkdown::render(rmd, output_format = "rmarkdown::html_vignette", quiet = TRUE,
                            envir = env, output_dir = dir, intermediates_dir = dir)
  page <- paste(readLines(html, warn = FALSE), collapse = "\n")
  expect_equal(lengths(regmatches(page, gregexpr('<section class="tf-card"', page))), 2)
  expect_match(page, '<th class="tf-num">\\s*Typmittel\\s*</th>')
})
