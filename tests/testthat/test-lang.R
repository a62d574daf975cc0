test_that("typfrage_lang() resolves the argument, the option, then the locale", {
  expect_equal(typfrage_lang("de"), "de")
  withr::with_options(list(typfrage.lang = "de"), expect_equal(typfrage_lang(), "de"))
  withr::with_options(list(typfrage.lang = NULL), {
    withr::with_envvar(c(LANGUAGE = "de_DE:de"), expect_equal(typfrage_lang(), "de"))
    withr::with_envvar(c(LANGUAGE = "en_GB"), expect_equal(typfrage_lang(), "en"))
    withr::with_envvar(c(LANGUAGE = "", LC_MESSAGES = "", LANG = "de_AT.UTF-8"),
                       expect_equal(locale_lang() %in% c("de", "en"), TRUE))
  })
  expect_error(typfrage_lang("fr"), class = "typfrage_error_input")
  withr::with_options(list(typfrage.lang = "xx"),
                      expect_error(typfrage_lang(), class = "typfrage_error_lang"))
  expect_snapshot(error = TRUE, {
    typfrage_lang("fr")
    typfrage_lang(c("en", "de"))
  })
})

test_that("every key of the strings table has both texts with the same fields", {
  tab <- typfrage_strings()
  fields <- function(x) sort(regmatches(x, gregexpr("%[0-9$]*[-+ ]*[0-9.]*[sdfg]", x))[[1]])
  for (key in names(tab)) {
    expect_equal(names(tab[[key]]), c("en", "de"), label = key)
    expect_true(all(nzchar(tab[[key]])), label = key)
    expect_equal(fields(tab[[key]][["de"]]), fields(tab[[key]][["en"]]), label = key)
  }
  # every key used in the code exists
  src <- system.file("R", package = "typfrage")
  skip_if(!nzchar(src) || !dir.exists(testthat::test_path("..", "..", "R")))
  code <- unlist(lapply(list.files(testthat::test_path("..", "..", "R"), full.names = TRUE),
                        readLines, warn = FALSE))
  used <- unlist(regmatches(code, gregexpr('tr\\("[a-z_]+"', code)))
  used <- unique(sub('tr\\("', "", sub('"$', "", used)))
  expect_equal(setdiff(used, names(tab)), character(0))
})

test_that("the English index labels are those of the scan's table", {
  tab <- typfrage_strings()
  ids <- names(typfrage:::scan_index_labels)
  keyed <- paste0("index_", ids) %in% names(tab)
  # the classic indices have en and de labels
  expect_true(all(keyed[ids %in% c("wss", "pve", "silhouette", "ch", "db", "dunn", "gap", "ps")]))
  expect_equal(unname(vapply(paste0("index_", ids[keyed]), function(k) tab[[k]][["en"]], "")),
               unname(typfrage:::scan_index_labels[keyed]))
  # the NbClust/clusterCrit indices keep the references' (English) names in German
  expect_equal(typfrage:::tr_or(paste0("index_", ids[!keyed]), "de",
                                typfrage:::scan_index_labels[!keyed]),
               unname(typfrage:::scan_index_labels[!keyed]))
})

test_that("numbers are formatted for the language", {
  expect_equal(fmt_num(c(1234.5, -0.04, NA), 1, "de"), c("1234,5", "0,0", "NA"))
  expect_equal(fmt_num(1234.5, 1, "en"), "1234.5")
  expect_equal(fmt_int(1234567, "de"), "1.234.567")
  expect_equal(fmt_int(1234567, "en"), "1,234,567")
  expect_equal(fmt_pct(0.14, 0, "de"), "14\u00a0%")
  expect_equal(fmt_pct(0.14, 0, "en"), "14%")
  expect_equal(format_p(c(0.0001, 0.5), "de"), c("<0,001", "0,500"))
})

test_that("print() of every result object reads in German", {
  fit <- typology(kommunen, k = 4, items = kommunen_items$variable, seed = 1, verbose = FALSE)
  fit <- name_types(fit, c("Bed\u00e4chtige", "Optimierer", "Serviceorientierte", "Community Manager"))
  cb <- kommunen_items[c("variable", "label_de")]
  prof <- profiles(fit, labels = cb, covariates = kommunen[c("kind", "strategy")])
  st <- stability(fit, B = 10, seed = 1, threads = 1, verbose = FALSE)
  sc <- scan_k(kommunen, k = 2:5, items = kommunen_items$variable, indices = c("wss", "silhouette", "ch"),
               nstart = 3, seed = 1, threads = 1, verbose = FALSE)
  sil <- silhouette_widths(fit)
  gap <- gap_statistic(kommunen[kommunen_items$variable], k = 1:4, B = 5, nstart = 5, seed = 1,
                       threads = 1,
                       verbose = FALSE)
  sched <- agglomeration_schedule(hierarchy(kommunen, items = kommunen_items$variable))
  agr <- agreement(fit$cluster, kommunen$type)
  sb <- steckbrief(fit, labels = cb, stability = st, covariates = kommunen[c("kind", "strategy")],
                   type = 1)
  expect_snapshot({
    print(fit, lang = "de")
    print(summary(fit), lang = "de")
    print(prof, lang = "de")
    print(summary(prof), lang = "de")
    print(st, lang = "de")
    print(summary(st), lang = "de")
    print(sc, lang = "de")
    print(summary(sc), lang = "de")
    print(sil, lang = "de")
    print(summary(sil), lang = "de")
    print(gap, lang = "de")
    print(sched, n = 3, lang = "de")
    print(agr, lang = "de")
    print(sb, lang = "de")
    print(steckbrief(fit, labels = cb, type = 2, format = "markdown", lang = "de"))
  })
  withr::with_options(list(typfrage.lang = "de"), {
    out <- utils::capture.output(print(fit))
    expect_match(out[1], "Typen aus 412 Zeilen")
  })
})
