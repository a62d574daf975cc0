lca_likert <- function(n = 150, seed = 3) {
  set.seed(seed)
  cls <- sample(1:2, n, TRUE)
  x <- sapply(1:5, function(j) pmin(4, pmax(1, round(ifelse(cls == 1, 1.5, 3.5) +
                                                       stats::rnorm(n, 0, 0.7)))))
  colnames(x) <- paste0("q", 1:5)
  as.data.frame(x)
}

test_that("profiles() of a latent class typology carry the model means and P(top category)", {
  x <- lca_likert()
  fit <- suppressWarnings(typology(x, k = 2, method = "lca", nstart = 5, seed = 1))
  p <- profiles(fit)
  expect_s3_class(p, "typology_profiles")
  for (j in colnames(x)) {
    for (t in 1:2) {
      row <- p$profile[p$profile$type == t & p$profile$item == j, ]
      m <- fit$probs[[j]]
      expect_equal(row$p_top, unname(m[t, ncol(m)]))
      expect_equal(row$model_mean, unname(fit$centers[t, j]))
      expect_equal(row$model_mean, sum(seq_len(ncol(m)) * m[t, ]))
    }
  }
  card <- steckbrief(fit, type = 1)
  out <- format(card)
  expect_true(any(grepl("P(top category)", out, fixed = TRUE)))
  items_shown <- rbind(card$cards[[1]]$high, card$cards[[1]]$low)
  expect_gt(nrow(items_shown), 0)
  expect_equal(items_shown$p_top,
               p$profile$p_top[p$profile$type == 1][match(items_shown$item, p$profile$item[p$profile$type == 1])])
  expect_true(all(vapply(sprintf("%.2f", items_shown$p_top), function(v) any(grepl(v, out, fixed = TRUE)), TRUE)))
  km <- typology(x, k = 2, seed = 1)
  pk <- profiles(km)
  expect_true(all(is.na(pk$profile$p_top)))
  expect_true(all(is.na(pk$profile$model_mean)))
})
