goal_items <- kommunen_items$variable
sa_labels_en <- kommunen_items[c("variable", "label_en")]

sa_fits <- local({
  km <- typology(kommunen, k = 4, items = goal_items, seed = 11, nstart = 5, threads = 1)
  wk <- typology(kommunen, k = 4, items = goal_items, method = "ward_kmeans", seed = 12,
                 threads = 1)
  wk <- name_types(wk, c("Bed\u00e4chtige", "Optimierer", "Serviceorientierte",
                         "Community Manager"))
  lc <- suppressWarnings(typology(kommunen, k = 4, items = goal_items, method = "lca",
                                  seed = 13, nstart = 3, threads = 1),
                         classes = "typfrage_warning")
  sf <- short_form(wk, seed = 14, folds = 5, verbose = FALSE)
  # Manhattan distances of whole numbers tie often: the tie rule is tested
  pm <- typology(kommunen, k = 4, items = goal_items, method = "pam", distance = "manhattan",
                 threads = 1)
  # Ward: the type of the nearest fitted row, on standardised items
  wd <- typology(kommunen, k = 4, items = goal_items, method = "ward", standardize = TRUE,
                 threads = 1)
  list(kmeans = km, ward_kmeans = wk, lca = lc, short_form = sf, pam = pm, ward = wd)
})

# The query string of every row: item=code for the answered items.
row_queries <- function(d, items) {
  vapply(seq_len(nrow(d)), function(i) {
    v <- unlist(d[i, items])
    ok <- !is.na(v)
    paste0("?", paste0(items[ok], "=", v[ok], collapse = "&"))
  }, "")
}

# data-type of the page for every query string: the page's own URL handling
# (typfrage.fromURL(search) parses a query string exactly as it parses
# location.search on load; the real page loads are tested too).
page_types <- function(queries) {
  js <- sprintf(
    "(function (qs) { var out = []; var r = document.getElementById('typfrage-result');
       for (var i = 0; i < qs.length; i++) {
         window.typfrage.fromURL(qs[i]); out.push(r.dataset.type);
       } return out; })(%s)",
    typfrage:::to_json(I(queries)))
  out <- unlist(browser_eval(js))
  suppressWarnings(as.integer(out))
}

sa_page <- function(x, ...) {
  f <- withr::local_tempfile(fileext = ".html", .local_envir = parent.frame())
  self_assessment(x, f, labels = sa_labels_en, ...)
  f
}

test_that("the page contains no reference to anything outside itself", {
  f <- sa_page(sa_fits$ward_kmeans, lang = "de")
  html <- paste(readLines(f, encoding = "UTF-8", warn = FALSE), collapse = "\n")
  expect_false(grepl("http:", html, fixed = TRUE))
  expect_false(grepl("https:", html, fixed = TRUE))
  expect_false(grepl("//", html, fixed = TRUE))
  expect_false(grepl("@import|url\\(", html))
  src <- regmatches(html, gregexpr("(src|href)\\s*=\\s*[\"'][^\"']*[\"']", html))[[1]]
  expect_true(all(grepl("[\"'](\\?|#|data:)", src)))
  expect_true(grepl("default-src 'none'", html, fixed = TRUE))
  # one file: styles and script inline, the German strings of the table
  expect_false(grepl("<script[^>]+src", html))
  expect_false(grepl("<link", html, fixed = TRUE))
  expect_true(grepl(typfrage:::tr("sa_result", "de"), html, fixed = TRUE) ||
                grepl("Ihr Ergebnis", html, fixed = TRUE))
})

test_that("the embedded model holds the fit's numbers to the last bit", {
  skip_if_not_installed("jsonlite")
  fit <- sa_fits$kmeans
  f <- sa_page(fit)
  html <- paste(readLines(f, encoding = "UTF-8", warn = FALSE), collapse = "\n")
  json <- sub(".*<script type=\"application/json\" id=\"typfrage-model\">(.*?)</script>.*", "\\1", html)
  m <- jsonlite::fromJSON(json, simplifyVector = TRUE)
  expect_identical(unname(m$prototypes), unname(fit$settings$prototypes))
  expect_identical(as.integer(m$tie_priority), fit$settings$tie_priority)
  expect_identical(m$items$name, goal_items)
  expect_identical(m$metric, "sqeuclidean")
  expect_identical(m$items$label, kommunen_items$label_en)
})

test_that("bad arguments are refused before anything is written", {
  f <- withr::local_tempfile(fileext = ".html")
  expect_error(self_assessment(kommunen, f), class = "typfrage_error_input")
  expect_error(self_assessment(sa_fits$kmeans, NA_character_), class = "typfrage_error_input")
  expect_error(self_assessment(sa_fits$kmeans, f, scale_labels = c(a = "x")),
               class = "typfrage_error_input")
  expect_error(self_assessment(sa_fits$kmeans, f, uncertain = 2), class = "typfrage_error_input")
  expect_error(self_assessment(sa_fits$kmeans, f, lang = "fr"), class = "typfrage_error_lang")
  expect_error(self_assessment(sa_fits$kmeans, f, na_action = "fail"),
               class = "typfrage_error_input")
  ext <- as_typology(kommunen[goal_items], sa_fits$kmeans$cluster)
  expect_error(self_assessment(ext, f), class = "typfrage_error_input")
  expect_false(file.exists(f))
})

test_that("for every row of kommunen the page's type is predict()'s (6 fits)", {
  skip_if_no_browser()
  queries <- row_queries(kommunen, goal_items)
  first <- c(kmeans = 2L, ward_kmeans = 200L, lca = 412L, short_form = 77L, pam = 3L, ward = 5L)
  # PAM: rows equally far from two medoids, whose type the tie order decides
  d <- predict(sa_fits$pam, kommunen, type = "distance")
  ties <- rowSums(d == apply(d, 1, min)) > 1
  expect_gt(sum(ties), 10)
  expect_false(identical(sa_fits$pam$settings$tie_priority, 1:4))
  for (nm in names(sa_fits)) {
    x <- sa_fits[[nm]]
    f <- sa_page(x)
    expected <- predict(x, kommunen)
    # a real page load with the answers in the address
    i <- first[[nm]]
    browser_open(f, substring(queries[i], 2))
    res <- browser_eval("(function(){var r=document.getElementById('typfrage-result');
                          return [r.dataset.type, r.dataset.name, r.dataset.status];})()")
    expect_identical(as.integer(res[[1]]), expected[i], info = nm)
    expect_identical(res[[2]], typfrage:::type_labels(if (nm == "short_form") x$fit else x)[expected[i]])
    expect_identical(res[[3]], "complete")
    # every row through the page's query-string handling
    got <- page_types(if (nm == "short_form") row_queries(kommunen, x$items) else queries)
    expect_identical(got, expected, info = nm)
  }
})

test_that("partial answers follow predict()'s missing-answer rule", {
  skip_if_no_browser()
  set.seed(22)
  d <- kommunen[sample(nrow(kommunen), 150), goal_items]
  for (j in goal_items) d[[j]][runif(nrow(d)) < 0.25] <- NA
  d[1, ] <- NA                       # nothing answered
  d[2, -3] <- NA                     # one answer
  queries <- row_queries(d, goal_items)
  partial <- !stats::complete.cases(d)
  # centre method, assigned from the answered items
  km <- sa_fits$kmeans
  browser_open(sa_page(km, na_action = "available"))
  expect_identical(page_types(queries), as.vector(predict(km, d, na_action = "available")))
  # centre method, the default: no type unless every item is answered
  browser_open(sa_page(km))
  got <- page_types(queries)
  expect_true(all(is.na(got[partial])))
  expect_identical(got[!partial], predict(km, d[!partial, ]))
  # latent classes: the unanswered items drop out of the likelihood
  lc <- sa_fits$lca
  browser_open(sa_page(lc))
  expect_identical(page_types(queries), predict(lc, d))
  # short form, from the answered items of its questions
  sf <- sa_fits$short_form
  browser_open(sa_page(sf, na_action = "available"))
  expect_identical(page_types(row_queries(d, sf$items)), as.vector(predict(sf, d, na_action = "available")))
  # the status and the note of a partial answer; answers off the scale are ignored
  browser_open(sa_page(km, na_action = "available"), "goal_legal=5&goal_funding=9&goal_citizens=2")
  expect_identical(browser_eval("document.getElementById('typfrage-result').dataset.status"), "partial")
  text <- browser_eval("document.getElementById('typfrage-result').textContent")
  expect_match(text, "goal_funding=9", fixed = TRUE)
  expect_match(text, "10 of 12 questions are unanswered", fixed = TRUE)
  expect_identical(
    as.integer(browser_eval("document.getElementById('typfrage-result').dataset.type")),
    as.vector(predict(km, data.frame(as.list(stats::setNames(
      c(5, NA, NA, NA, NA, NA, NA, 2, NA, NA, NA, NA), goal_items))), na_action = "available")))
})

test_that("an uncertain assignment is flagged, a clear one is not", {
  skip_if_no_browser()
  km <- sa_fits$kmeans
  u <- predict(km, kommunen, type = "prob")
  top <- u[cbind(seq_len(nrow(u)), predict(km, kommunen))]
  second <- apply(u, 1, function(v) sort(v, decreasing = TRUE)[2])
  ratio <- second / top
  f <- sa_page(km)
  queries <- substring(row_queries(kommunen, goal_items), 2)
  browser_open(f, queries[which.max(ratio)])
  expect_match(browser_eval("document.getElementById('typfrage-result').textContent"),
               "The assignment is uncertain", fixed = TRUE)
  browser_open(f, queries[which.min(ratio)])
  expect_no_match(browser_eval("document.getElementById('typfrage-result').textContent"),
                  "uncertain", fixed = TRUE)
})

test_that("filling in the form gives predict()'s type; clearing removes it", {
  skip_if_no_browser()
  fit <- sa_fits$ward_kmeans
  browser_open(sa_page(fit, lang = "de"))
  expect_identical(browser_eval("document.getElementById('typfrage-result').dataset.type"), "")
  rows <- c(5L, 77L, 301L)
  for (i in rows) {
    v <- unlist(kommunen[i, goal_items])
    js <- paste0(sprintf("document.querySelector(\"input[name='%s'][value='%s']\").click();",
                         goal_items, v), collapse = "")
    browser_eval(js)
    res <- browser_eval("(function(){var r=document.getElementById('typfrage-result');
                          return [r.dataset.type, r.dataset.name, r.dataset.status,
                                  document.getElementById('typfrage-link').getAttribute('href')];})()")
    expect_identical(as.integer(res[[1]]), predict(fit, kommunen[i, ]))
    expect_identical(res[[2]], fit$type_names[predict(fit, kommunen[i, ])])
    expect_identical(res[[3]], "complete")
    expect_identical(res[[4]], row_queries(kommunen[i, ], goal_items))
  }
  expect_match(browser_eval("document.getElementById('typfrage-result').textContent"),
               "Ihr Typ", fixed = TRUE)
  browser_eval("document.getElementById('typfrage-reset').click()")
  expect_identical(browser_eval("document.getElementById('typfrage-result').dataset.type"), "")
})

test_that("the page works offline and requests nothing but itself", {
  skip_if_no_browser()
  s <- browser_session()
  requests <- character()
  s$Network$enable()
  s$Network$emulateNetworkConditions(offline = TRUE, latency = 0, downloadThroughput = -1,
                                     uploadThroughput = -1)
  s$Network$requestWillBeSent(callback_ = function(ev) requests <<- c(requests, ev$request$url))
  on.exit({
    s$Network$emulateNetworkConditions(offline = FALSE, latency = 0, downloadThroughput = -1,
                                       uploadThroughput = -1)
    s$Network$disable()
  })
  f <- sa_page(sa_fits$lca)
  q <- substring(row_queries(kommunen[9, ], goal_items), 2)
  browser_open(f, q)
  expect_identical(as.integer(browser_eval("document.getElementById('typfrage-result').dataset.type")),
                   predict(sa_fits$lca, kommunen[9, ]))
  expect_true(all(startsWith(requests, "file:")))
})
