# German prints of every result class (#20): snapshots, and a check that no
# English word of the package's own texts leaks into a German print.

# Every result a user can print, made once (small B and few starts).
lang_print_objects <- function() {
  items <- kommunen_items$variable
  fit <- typology(kommunen, k = 4, items = items, seed = 1, nstart = 5, threads = 1,
                  verbose = FALSE)
  fit <- name_types(fit, c("Bed\u00e4chtige", "Optimierer", "Serviceorientierte",
                           "Community Manager"))
  pam <- typology(kommunen, k = 3, items = items, method = "pam", threads = 1, verbose = FALSE)
  kd <- kommunen
  kd$goal_legal[1:5] <- NA
  omit <- typology(kd, k = 3, items = items, seed = 1, nstart = 2, na_action = "omit",
                   threads = 1, verbose = FALSE)
  cov <- kommunen[c("kind", "population")]
  prof <- profiles(fit, labels = kommunen_items, covariates = cov, lang = "de")
  st <- stability(fit, B = 8, seed = 1, threads = 1, verbose = FALSE)
  sc <- scan_k(kommunen, k = 2:5, items = items, method = "ward_kmeans",
               indices = c("wss", "pve", "silhouette", "ch", "db", "dunn", "schedule"),
               seed = 1, threads = 1, verbose = FALSE)
  sil <- silhouette_widths(fit)
  x <- kommunen[items]
  gap <- gap_statistic(x, k = 1:3, B = 4, nstart = 2, seed = 1, threads = 1, verbose = FALSE)
  ps <- prediction_strength(x, k = 2:3, B = 4, nstart = 2, seed = 1, threads = 1,
                            verbose = FALSE)
  tree <- hierarchy(kommunen, items = items)
  sched <- agglomeration_schedule(tree)
  set.seed(1)
  cls <- rep(1:2, each = 100)
  d <- data.frame(
    a = stats::rbinom(200, 1, c(0.2, 0.8)[cls]) + 1, b = stats::rbinom(200, 1, c(0.2, 0.8)[cls]) + 1,
    c = stats::rbinom(200, 1, c(0.3, 0.7)[cls]) + 1, d = stats::rbinom(200, 1, c(0.2, 0.9)[cls]) + 1,
    alter = stats::rnorm(200, 40 + 10 * (cls == 2), 10),
    wahl = stats::rnorm(200, c(50, 60)[cls], 10)
  )
  lc <- typology(d, k = 2, method = "lca", items = a:d, seed = 1, nstart = 3,
                 lca_model = "categorical", threads = 1, verbose = FALSE)
  list(
    typology = fit, summary_typology = summary(fit), summary_pam = summary(pam),
    missing_report = omit,
    profiles = prof, summary_profiles = summary(prof),
    stability = st, summary_stability = summary(st),
    scan = sc, summary_scan = summary(sc),
    silhouette = sil, summary_silhouette = summary(sil),
    gap = gap, prediction_strength = ps, hierarchy = tree, schedule = sched,
    agreement = agreement(fit$cluster, kommunen$type),
    indices = cluster_indices(x, fit$cluster),
    short_form = short_form(fit, max_items = 4, seed = 1, folds = 3),
    lca = lc, summary_lca = summary(lc),
    lca_covariates = lca_covariates(lc, d, ~ alter),
    lca_distal = lca_distal(lc, d, wahl),
    lca_se = lca_se(lc, d),
    lca_blrt = lca_blrt(lc, d, B = 3, nstart = 1, seed = 1, threads = 1, verbose = FALSE),
    steckbrief = steckbrief(fit, labels = kommunen_items, stability = st, covariates = cov,
                            type = 3, lang = "de")
  )
}

# Made once for the tests of this file.
lang_objects <- local({
  cache <- NULL
  function() {
    if (is.null(cache)) cache <<- lang_print_objects()
    cache
  }
})

print_lines <- function(x, lang) {
  withr::local_options(width = 80)
  out <- utils::capture.output(if (inherits(x, "typology_schedule")) print(x, n = 3, lang = lang)
                               else print(x, lang = lang))
  out
}

words_of <- function(x) {
  w <- unlist(strsplit(tolower(x), "[^a-z0-9_\u00e4\u00f6\u00fc\u00df]+"))
  w[nchar(w) >= 2 & !grepl("^[0-9_]+$", w)]
}

test_that("every result class prints in German (snapshots)", {
  skip_on_cran()
  objs <- lang_objects()
  for (nm in names(objs)) {
    expect_snapshot(cat(c(paste("<<", nm, ">>"), print_lines(objs[[nm]], "de")), sep = "\n"))
  }
})

test_that("no English word of the package's texts leaks into a German print", {
  skip_on_cran()
  objs <- lang_objects()
  tab <- typfrage_strings()
  en <- words_of(vapply(tab, `[[`, "", "en"))
  de <- words_of(vapply(tab, `[[`, "", "de"))
  # English-only words: the package's English texts, the English column names of
  # its returned tables and the codes of methods, distances and item models
  codes <- c("step", "clusters", "height", "log_w", "e_log_w", "next_step", "within_ss",
             "ess_increase", "p_anova", "p_kw", "kmeans", "ward_kmeans", "euclidean",
             "sqeuclidean", "categorical", "intercept", "chosen", "estimate", "se", "sd",
             "label", "value", "better", "lower", "higher", "wss", "pve", "silhouette",
             "schedule", "chi", "squared")
  english <- setdiff(unique(c(en, codes)), de)
  # words that come from the data, not from the package: variable names,
  # category labels, item codes
  data_words <- words_of(c(names(kommunen), unlist(lapply(kommunen, levels)),
                           kommunen_items$variable))
  english <- setdiff(english, data_words)
  # the check catches an English heading: the English print of a gap statistic
  expect_true(length(intersect(words_of(print_lines(objs$gap, "en")), english)) > 0)
  for (nm in names(objs)) {
    leaked <- intersect(words_of(print_lines(objs[[nm]], "de")), english)
    expect_equal(leaked, character(0), label = paste("English words in the German print of", nm))
  }
})

test_that("the string table has unique keys, each with an English and a German text", {
  tab <- typfrage_strings()
  expect_equal(anyDuplicated(names(tab)), 0L)
  # the per-area parts together are the table, no key in two of them
  parts <- list(typfrage:::strings_general, typfrage:::strings_print,
                typfrage:::strings_print_tables, typfrage:::strings_checks,
                typfrage:::strings_scan_parts, typfrage:::strings_stability,
                typfrage:::strings_plots, typfrage:::strings_steckbrief,
                typfrage:::strings_steckbrief_parts, typfrage:::strings_typing,
                typfrage:::strings_lca, typfrage:::strings_course, typfrage:::strings_kommunen)
  s <- function(en, de) c(en = en, de = de)
  keys <- unlist(lapply(parts, function(f) names(f(s))))
  expect_equal(anyDuplicated(keys), 0L)
  expect_setequal(keys, names(tab))
  for (key in names(tab)) {
    expect_named(tab[[key]], c("en", "de"))
    expect_true(all(!is.na(tab[[key]]) & nzchar(tab[[key]])), label = key)
  }
})

test_that("German prints show long profile labels in full, wrapped at the console width", {
  fit <- typology(kommunen, k = 4, items = kommunen_items$variable, seed = 1, nstart = 2,
                  threads = 1, verbose = FALSE)
  prof <- profiles(fit, labels = kommunen_items, lang = "de")
  for (w in c(60L, 80L)) {
    out <- withr::with_options(list(width = w), utils::capture.output(print(prof, lang = "de")))
    expect_true(all(nchar(out, type = "width") <= w))
    expect_false(any(grepl("...", out, fixed = TRUE)))
    # the item table: the label's last word on its own continuation line or in full
    expect_true(any(grepl("B\u00fcrgerschaft", out[seq_len(grep("^  p-Werte", out)[1])])))
    text <- gsub("\\s+", " ", paste(out, collapse = " "))
    expect_match(text, "Zufriedenheit von Besch\u00e4ftigten und B\u00fcrgerschaft +1,74", fixed = TRUE)
  }
  # an item's d is never wrapped away from its label
  out <- withr::with_options(list(width = 80L), utils::capture.output(print(prof, lang = "de")))
  expect_false(any(grepl("^\\s+[+-][0-9]", out)))
  prof_en <- profiles(fit, labels = kommunen_items, lang = "en")
  en <- withr::with_options(list(width = 100L), utils::capture.output(print(prof_en, lang = "en")))
  expect_true(any(grepl("Services of general interest (Daseinsvorsorge)", en, fixed = TRUE)))
})

test_that("German schedule and tree prints fit 80 columns and name what they show", {
  tree <- hierarchy(kommunen, items = kommunen_items$variable)
  expect_s3_class(tree, c("typology_hierarchy", "hclust"), exact = TRUE)
  de <- print_lines(tree, "de")
  expect_match(de[1], "412 Objekte, Verfahren ward.D2, Distanz euklidisch", fixed = TRUE)
  expect_match(print_lines(tree, "en")[1], "412 objects, linkage ward.D2, distance euclidean",
               fixed = TRUE)
  sched <- withr::with_options(list(width = 80L), utils::capture.output(
    print(agglomeration_schedule(tree), n = 5, lang = "de")))
  expect_true(all(nchar(sched, type = "width") <= 80))
  # one block of columns: the header line and then exactly five rows
  expect_length(grep("^ +[0-9]", sched), 5L)
  expect_match(sched[3], "Zuwachs QS", fixed = TRUE)
  # four significant digits, decimal comma: the last merge of Ward's tree
  expect_match(sched[8], sprintf("%s", chartr(".", ",", format(max(tree$height), digits = 4))),
               fixed = TRUE)
})
