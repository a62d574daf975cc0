sf_items <- kommunen_items$variable

sf_km <- typology(kommunen, k = 4, items = sf_items, seed = 21, nstart = 5, threads = 1)

test_that("the short form reaches the target on held-out rows, reproducibly", {
  sf <- short_form(sf_km, seed = 3, folds = 5, verbose = FALSE)
  expect_s3_class(sf, "typology_short_form")
  expect_true(sf$reached)
  expect_gte(sf$curve$accuracy[sf$n_items], 0.9)
  # the fewest items: one item fewer does not reach the target
  if (sf$n_items > 1) expect_lt(sf$curve$accuracy[sf$n_items - 1], 0.9)
  expect_lt(sf$n_items, length(sf_items))
  expect_identical(sf$items, sf$path[seq_len(sf$n_items)])
  expect_identical(nrow(sf$curve), length(sf_items))
  expect_true(all(sf$curve$accuracy_lower <= sf$curve$accuracy &
                    sf$curve$accuracy <= sf$curve$accuracy_upper))
  # all twelve items give back the typology itself (nearest centre = the fit)
  expect_equal(sf$curve$accuracy_fit[12], 1)
  # seed and set.seed() reproduce the folds
  expect_identical(short_form(sf_km, seed = 3, folds = 5, verbose = FALSE)$curve, sf$curve)
  set.seed(9); a <- short_form(sf_km, folds = 5, max_items = 3, verbose = FALSE)
  set.seed(9); b <- short_form(sf_km, folds = 5, max_items = 3, verbose = FALSE)
  expect_identical(a$curve, b$curve)
  expect_identical(nrow(a$curve), 3L)
})

test_that("the reduced assignment is the nearest centre on the chosen items", {
  sf <- short_form(sf_km, max_items = 4, target = 1, seed = 1, folds = 3, verbose = FALSE)
  expect_false(sf$reached)
  expect_identical(sf$n_items, 4L)
  # by hand: squared Euclidean distance to the fit's centres on the items
  ctr <- sf_km$settings$prototypes[, sf$items]
  x <- as.matrix(kommunen[sf$items])
  d <- sapply(seq_len(4), function(t) rowSums(sweep(x, 2, ctr[t, ])^2))
  expect_identical(predict(sf, kommunen), max.col(-d, ties.method = "first"))
  expect_identical(predict(sf), predict(sf, kommunen))
  # the agreement on all rows
  expect_equal(sf$curve$accuracy_fit[4], mean(predict(sf, kommunen) == sf_km$cluster))
  # greedy: the first item is the best single item
  one <- vapply(sf_items, function(j) {
    dj <- sapply(seq_len(4), function(t) (kommunen[[j]] - sf_km$settings$prototypes[t, j])^2)
    mean(max.col(-dj, ties.method = "first") == sf_km$cluster)
  }, double(1))
  # (ties between centres go to the core's order, so allow equality)
  expect_equal(sf$curve$accuracy_fit[1], max(one), tolerance = 0.01)
})

test_that("latent class short forms use the posterior on the chosen items", {
  lc <- suppressWarnings(typology(kommunen, k = 3, items = sf_items, method = "lca",
                                  seed = 5, nstart = 2, threads = 1),
                         classes = "typfrage_warning")
  sf <- short_form(lc, max_items = 3, target = 1, seed = 2, folds = 3, verbose = FALSE)
  probs <- lc$settings$lca$probs[sf$items]
  shares <- lc$settings$lca$shares
  post <- sapply(seq_len(3), function(t) {
    shares[t] * Reduce(`*`, lapply(sf$items, function(j) probs[[j]][t, kommunen[[j]]]))
  })
  expect_identical(predict(sf, kommunen), max.col(post, ties.method = "first"))
  expect_equal(predict(sf, kommunen, type = "prob"), post / rowSums(post),
               ignore_attr = TRUE, tolerance = 1e-12)
})

test_that("print and autoplot speak English and German", {
  sf <- short_form(sf_km, seed = 3, folds = 5, verbose = FALSE,
                   labels = kommunen_items[c("variable", "label_en")])
  out <- utils::capture.output(print(sf))
  expect_match(out[1], "<short form> .* of 12 items reproduce the k-means typology \\(4 types\\)")
  expect_true(any(grepl("Target 90.0%: reached", out, fixed = TRUE)))
  de <- utils::capture.output(print(sf, lang = "de"))
  expect_match(de[1], "<Kurzform>")
  expect_true(any(grepl("Ziel 90,0\u00a0%: erreicht", de, fixed = TRUE)))
  p <- autoplot(sf, lang = "de")
  expect_s3_class(p, "ggplot")
  expect_identical(p$labels$x, "Zahl der Items")
  expect_error(autoplot(sf, what = 1), class = "typfrage_error_plot_argument")
})

test_that("bad input is refused", {
  expect_error(short_form(kommunen), class = "typfrage_error_input")
  expect_error(short_form(sf_km, max_items = 13), class = "typfrage_error_input")
  expect_error(short_form(sf_km, target = 1.5), class = "typfrage_error_input")
  expect_error(short_form(sf_km, folds = 1), class = "typfrage_error_input")
  expect_error(short_form(sf_km, foo = 1), class = "typfrage_error_input")
  ext <- as_typology(kommunen[sf_items], sf_km$cluster)
  expect_error(short_form(ext), class = "typfrage_error_input")
  expect_error(predict(structure(list(), class = "typology_short_form"), kommunen),
               class = "typfrage_error")
})
