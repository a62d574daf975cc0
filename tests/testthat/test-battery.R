# The bad-input battery: every exported function gets empty, tiny, constant,
# non-finite, mistyped and out-of-range input. Each case must end in either a
# classed `typfrage_error_*` error (messages snapshotted below) or the
# documented result named in `expect`. The cases run in a child process
# (callr), so a crash of the C++ core fails this test instead of the run.

battery_cases <- function() {
  # Each case: the exported function it exercises, a label, the call (quoted,
  # evaluated in the child where `x`, `fit`, `h`, `st`, `prof` exist) and what
  # is expected: "error" (a typfrage_error_*), or "ok" (a documented result).
  case <- function(fun, label, expr, expect = "error") {
    list(fun = fun, label = label, expr = expr, expect = expect)
  }
  q <- quote
  data_cases <- function(fun, call_with, constant = "error") {
    # call_with(data, name, value) builds the call to `fun`
    list(
      case(fun, "empty data frame", call_with(q(data.frame()))),
      case(fun, "zero rows", call_with(q(x_df[0, ]))),
      case(fun, "one row", call_with(q(x[1, , drop = FALSE]))),
      case(fun, "one column", call_with(q(x[, 1, drop = FALSE])), "ok"),
      case(fun, "all-constant columns", call_with(q(matrix(1, 20, 3))), constant),
      case(fun, "NA", call_with(q(x_na))),
      case(fun, "NaN", call_with(q(x_nan))),
      case(fun, "Inf", call_with(q(x_inf))),
      case(fun, "character column", call_with(q(x_chr))),
      case(fun, "list instead of data", call_with(q(list(1, 2)))),
      case(fun, "negative weights", call_with(q(x), "weights", q(-w))),
      case(fun, "NA weights", call_with(q(x), "weights", q(w_na))),
      case(fun, "wrong-length weights", call_with(q(x), "weights", q(w[-1]))),
      case(fun, "character weights", call_with(q(x), "weights", q(as.character(w)))),
      case(fun, "threads = 0", call_with(q(x), "threads", q(0))),
      case(fun, "threads = -1", call_with(q(x), "threads", q(-1))),
      case(fun, "threads = NA", call_with(q(x), "threads", q(NA))),
      case(fun, "duplicated row names", call_with(q(x_duprn)), "ok")
    )
  }
  cases <- list()
  add <- function(...) cases <<- c(cases, list(...))
  add_list <- function(l) cases <<- c(cases, l)

  # typology (k-means and PAM) and hierarchy: the data battery.
  for (m in c("kmeans", "pam")) {
    add_list(lapply(data_cases("typology", function(data, name = NULL, value = NULL) {
      cl <- as.call(list(q(typology), data, k = 2, method = m, seed = 1, nstart = 2))
      if (!is.null(name)) cl[[name]] <- value
      cl
    }), function(cs) { cs$label <- paste0(m, ": ", cs$label); cs }))
  }
  add_list(data_cases("hierarchy", function(data, name = NULL, value = NULL) {
    cl <- as.call(list(q(hierarchy), data))
    if (!is.null(name)) cl[[name]] <- value
    cl
  }, constant = "ok"))  # identical rows: a tree with all heights 0
  add(
    case("typology", "k = 0", q(typology(x, k = 0))),
    case("typology", "k = 1", q(typology(x, k = 1, seed = 1)), "ok"),
    case("typology", "k > distinct rows", q(typology(x[c(1, 1, 2, 2, 3), ], k = 4))),
    case("typology", "non-integer k", q(typology(x, k = 2.5))),
    case("typology", "k = NA", q(typology(x, k = NA))),
    case("typology", "character k", q(typology(x, k = "3"))),
    case("typology", "PAM k = 0", q(typology(x, k = 0, method = "pam"))),
    case("typology", "PAM k > distinct rows", q(typology(x[c(1, 1, 2, 2, 3), ], k = 4, method = "pam"))),
    case("typology", "seed = 'a'", q(typology(x, k = 2, seed = "a"))),
    case("typology", "seed = 1.5", q(typology(x, k = 2, seed = 1.5))),
    case("typology", "seed of length 2", q(typology(x, k = 2, seed = c(1, 2)))),
    case("typology", "seed = NA", q(typology(x, k = 2, seed = NA))),
    case("typology", "nstart = 0", q(typology(x, k = 2, nstart = 0))),
    case("typology", "unknown method", q(typology(x, k = 2, method = "bogus"))),
    case("typology", "LCA with a character item", q(typology(x_chr, k = 2, method = "lca"))),
    case("typology", "10^6 rows k-means", q(typology(big, k = 2, nstart = 1, seed = 1, threads = 2)), "ok"),
    case("hierarchy", "unknown linkage", q(hierarchy(x, linkage = "bogus"))),
    case("hierarchy", "light with average linkage", q(hierarchy(x, linkage = "average", memory = "light"))),
    case("hierarchy", "dist with NA", q(hierarchy(d_na))),
    case("agglomeration_schedule", "not a tree", q(agglomeration_schedule(x))),
    case("agglomeration_schedule", "NULL", q(agglomeration_schedule(NULL))),
    case("agglomeration_schedule", "hclust", q(agglomeration_schedule(h)), "ok"),
    case("agreement", "empty", q(agreement(integer(), integer()))),
    case("agreement", "different lengths", q(agreement(1:3, 1:4))),
    case("agreement", "NA labels", q(agreement(c(1, NA, 2), c(1, 2, 2)))),
    case("agreement", "a data frame", q(agreement(x_df, 1:40))),
    case("agreement", "one observation", q(agreement(1, 1)), "ok"),
    case("agreement", "10^6 labels", q(agreement(big_a, big_b)), "ok"),
    case("match_labels", "empty", q(match_labels(integer(), integer()))),
    case("match_labels", "different lengths", q(match_labels(1:3, 1:4))),
    case("match_labels", "NA labels", q(match_labels(c(1, NA, 2), c(1, 2, 2)))),
    case("match_labels", "10^6 labels", q(match_labels(big_a, big_b)), "ok"),
    case("name_types", "not a typology", q(name_types(x, c("a", "b")))),
    case("name_types", "wrong number of names", q(name_types(fit, c("a", "b")))),
    case("name_types", "NA name", q(name_types(fit, c("a", NA, "c")))),
    case("name_types", "duplicated names", q(name_types(fit, c("a", "a", "c")))),
    case("name_types", "numeric names", q(name_types(fit, 1:3))),
    case("suggest_names", "not a typology", q(suggest_names(x))),
    case("suggest_names", "labels not character", q(suggest_names(fit, labels = 1:3))),
    case("profiles", "not a typology", q(profiles(x))),
    case("profiles", "negative weights", q(profiles(fit, weights = -w))),
    case("profiles", "NA weights", q(profiles(fit, weights = w_na))),
    case("profiles", "wrong-length weights", q(profiles(fit, weights = w[-1]))),
    case("profiles", "data with other rows", q(profiles(fit, data = x_df[1:5, ]))),
    case("steckbrief", "not a typology", q(steckbrief(x))),
    case("steckbrief", "type = 0", q(steckbrief(fit, type = 0))),
    case("steckbrief", "type = 99", q(steckbrief(fit, type = 99))),
    case("steckbrief", "type = NA", q(steckbrief(fit, type = NA))),
    case("steckbrief", "unknown format", q(steckbrief(fit, format = "svg"))),
    case("steckbrief", "pdf without file", q(steckbrief(fit, format = "pdf"))),
    case("steckbrief", "top = 0", q(steckbrief(fit, top = 0))),
    case("steckbrief", "stability not a stability", q(steckbrief(fit, stability = fit))),
    case("stability", "not a typology", q(stability(x))),
    case("stability", "B = 0", q(stability(fit, B = 0))),
    case("stability", "B = 2.5", q(stability(fit, B = 2.5))),
    case("stability", "threads = 0", q(stability(fit, B = 5, threads = 0))),
    case("stability", "threads = -1", q(stability(fit, B = 5, threads = -1))),
    case("stability", "threads = NA", q(stability(fit, B = 5, threads = NA))),
    case("stability", "seed = 'a'", q(stability(fit, B = 5, seed = "a"))),
    case("stability", "level = 2", q(stability(fit, B = 5, level = 2))),
    case("stability", "unknown resample", q(stability(fit, B = 5, resample = "bogus"))),
    case("stability", "k = 1 typology", q(stability(fit1, B = 5, seed = 1, threads = 1)), "ok"),
    case("simulate_kommunen", "n = 0", q(simulate_kommunen(n = 0))),
    case("simulate_kommunen", "n = -1", q(simulate_kommunen(n = -1))),
    case("simulate_kommunen", "n = 2.5", q(simulate_kommunen(n = 2.5))),
    case("simulate_kommunen", "n = NA", q(simulate_kommunen(n = NA))),
    case("simulate_kommunen", "negative shares", q(simulate_kommunen(n = 10, shares = c(-1, 1, 1, 1, 1)))),
    case("simulate_kommunen", "seed = 'a'", q(simulate_kommunen(n = 10, seed = "a"))),
    case("simulate_kommunen", "negative noise", q(simulate_kommunen(n = 10, noise = -1))),
    case("simulate_kommunen", "n = 1", q(simulate_kommunen(n = 1, seed = 1))),
    case("simulate_kommunen", "n = 10", q(simulate_kommunen(n = 10, seed = 1)), "ok"),
    case("kommunen_covariates", "empty data frame", q(kommunen_covariates(data.frame()))),
    case("kommunen_covariates", "other data", q(kommunen_covariates(x_df))),
    case("kommunen_covariates", "list instead of data", q(kommunen_covariates(list(1, 2)))),
    case("kommunen_covariates", "lang = 'fr'", q(kommunen_covariates(lang = "fr"))),
    case("kommunen_covariates", "zero rows", q(kommunen_covariates(kommunen[0, ], lang = "de")), "ok"),
    case("typfrage_threads", "0", q(typfrage_threads(0))),
    case("typfrage_threads", "-1", q(typfrage_threads(-1))),
    case("typfrage_threads", "NA", q(typfrage_threads(NA))),
    case("typfrage_threads", "'a'", q(typfrage_threads("a"))),
    case("augment", "data with other rows", q(augment(fit, data = x_df[1:5, ]))),
    case("augment", "typology", q(augment(fit, data = x_df)), "ok"),
    case("tidy", "typology", q(tidy(fit)), "ok"),
    case("tidy", "unknown stability table", q(tidy(st, what = "bogus"))),
    case("glance", "typology", q(glance(fit)), "ok"),
    case("autoplot", "unknown stability plot", q(autoplot(st, type = "bogus"))),
    case("autoplot", "profiles", q(autoplot(prof)), "ok"),
    case("scan_k", "empty data", q(scan_k(data.frame(), k = 2:3))),
    case("scan_k", "NA", q(scan_k(x_na, k = 2:3))),
    case("scan_k", "k = 0", q(scan_k(x, k = 0:2))),
    case("scan_k", "non-integer k", q(scan_k(x, k = 2.5))),
    case("scan_k", "negative weights", q(scan_k(x, k = 2:3, weights = -w))),
    case("scan_k", "threads = 0", q(scan_k(x, k = 2:3, threads = 0))),
    case("scan_k", "seed = 'a'", q(scan_k(x, k = 2:3, seed = "a"))),
    case("silhouette_widths", "empty data", q(silhouette_widths(data.frame(), fit$cluster))),
    case("silhouette_widths", "NA", q(silhouette_widths(x_na, fit$cluster))),
    case("silhouette_widths", "wrong-length cluster", q(silhouette_widths(x, fit$cluster[-1]))),
    case("silhouette_widths", "negative weights", q(silhouette_widths(x, fit$cluster, weights = -w))),
    case("silhouette_widths", "threads = -1", q(silhouette_widths(x, fit$cluster, threads = -1))),
    case("cluster_indices", "empty data", q(cluster_indices(data.frame(), fit$cluster))),
    case("cluster_indices", "NA", q(cluster_indices(x_na, fit$cluster))),
    case("cluster_indices", "wrong-length cluster", q(cluster_indices(x, fit$cluster[-1]))),
    case("cluster_indices", "negative weights", q(cluster_indices(x, fit$cluster, weights = -w))),
    case("gap_statistic", "empty data", q(gap_statistic(data.frame(), k = 1:3))),
    case("gap_statistic", "NA", q(gap_statistic(x_na, k = 1:3))),
    case("gap_statistic", "k = 0", q(gap_statistic(x, k = 0:2))),
    case("gap_statistic", "B = 0", q(gap_statistic(x, k = 1:3, B = 0))),
    case("gap_statistic", "threads = NA", q(gap_statistic(x, k = 1:3, threads = NA))),
    case("prediction_strength", "empty data", q(prediction_strength(data.frame(), k = 2:3))),
    case("prediction_strength", "NA", q(prediction_strength(x_na, k = 2:3))),
    case("prediction_strength", "k too large", q(prediction_strength(x, k = 2:(nrow(x))))),
    case("prediction_strength", "B = 0", q(prediction_strength(x, k = 2:3, B = 0))),
    case("prediction_strength", "backend", q(prediction_strength(x, k = 2:3, backend = "mpi")))
  )
  cases
}

# Runs in the child: evaluate every case, return one row per case.
battery_run <- function(cases) {
  library(typfrage)
  options(cli.unicode = FALSE, cli.num_colors = 1L, cli.width = 80, typfrage.verbose = FALSE,
          typfrage.threads = 1L)
  set.seed(1)
  x <- matrix(sample(1:5, 40 * 3, TRUE), 40, 3, dimnames = list(NULL, c("a", "b", "c")))
  x_df <- as.data.frame(x)
  x_na <- x; x_na[c(2, 5), 1] <- NA
  x_nan <- x; x_nan[3, 2] <- NaN
  x_inf <- x; x_inf[4, 3] <- Inf
  x_chr <- x_df; x_chr$d <- rep(c("yes", "no"), 20)
  x_duprn <- x; rownames(x_duprn) <- rep(c("A", "B"), 20)
  w <- rep(c(1, 2), 20)
  w_na <- w; w_na[3] <- NA
  fit <- typology(x, k = 3, seed = 1)
  fit1 <- typology(x, k = 1, seed = 1)
  h <- hierarchy(x)
  st <- stability(fit, B = 5, seed = 1, threads = 1)
  prof <- profiles(fit)
  d_na <- stats::dist(x[1:5, ]); d_na[2] <- NA
  big <- matrix(stats::rnorm(2e6), 1e6, 2)
  big_a <- sample.int(5L, 1e6, TRUE)
  big_b <- sample.int(4L, 1e6, TRUE)
  env <- environment()
  rows <- lapply(cases, function(cs) {
    res <- tryCatch({
      force(eval(cs$expr, env))
      list(status = "ok", class = "", message = "")
    }, error = function(e) {
      cls <- grep("^typfrage_error_", class(e), value = TRUE)
      list(status = "error", class = paste(cls, collapse = " "),
           message = paste(conditionMessage(e), collapse = "\n"))
    })
    data.frame(fun = cs$fun, label = cs$label, expect = cs$expect,
               status = res$status, class = res$class, message = res$message)
  })
  do.call(rbind, rows)
}

test_that("the bad-input battery covers every exported function and never crashes", {
  skip_if_not_installed("callr")
  skip_on_cran()
  cases <- c(battery_cases(), battery_cases_core(), battery_cases_objects(),
             battery_cases_survey(), battery_cases_data(),
             battery_cases_plots(), battery_cases_typing(), battery_cases_lca(),
             battery_cases_course())
  exports <- getNamespaceExports("typfrage")
  exports <- exports[vapply(exports, function(f) is.function(getExportedValue("typfrage", f)),
                            logical(1))]
  covered <- unique(vapply(cases, `[[`, "", "fun"))
  expect_equal(setdiff(exports, covered), character(0),
               label = "exported functions without a battery case")

  res <- callr::r(battery_run, args = list(cases = cases),
                  libpath = .libPaths(), error = "error")
  expect_equal(nrow(res), length(cases))
  bad <- res[res$status != res$expect, c("fun", "label", "expect", "status", "message")]
  expect_equal(nrow(bad), 0L, label = paste(utils::capture.output(print(bad)), collapse = "\n"))
  errs <- res[res$status == "error", ]
  unclassed <- errs[errs$class == "", c("fun", "label", "message")]
  expect_equal(nrow(unclassed), 0L,
               label = paste(utils::capture.output(print(unclassed)), collapse = "\n"))
  expect_snapshot(
    for (i in seq_len(nrow(errs))) {
      cat(sprintf("== %s: %s [%s]\n%s\n\n", errs$fun[i], errs$label[i], errs$class[i],
                  errs$message[i]))
    }
  )
})
