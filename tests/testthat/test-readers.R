# Input readers: haven-labelled columns and ordered factors as items;
# character and unordered factor items are errors naming the columns.

reader_data <- function() {
  x <- likert_data(60, p = 3, k = 3)
  as.data.frame(x)
}

test_that("haven-labelled items give the same results as their codes", {
  skip_if_not_installed("haven")
  x <- reader_data()
  lab <- x
  lab$q1 <- haven::labelled(x$q1, c(never = 1, always = 5), label = "Question 1")
  lab$q2 <- haven::labelled(as.integer(x$q2), c(low = 1L, high = 5L))
  expect_identical(typology(lab, k = 3, seed = 1)$cluster, typology(x, k = 3, seed = 1)$cluster)
  expect_identical(typology(lab, k = 3, method = "pam")$cluster,
                   typology(x, k = 3, method = "pam")$cluster)
  expect_equal(hierarchy(lab)$height, hierarchy(x)$height)
  fit <- typology(lab, k = 3, seed = 1)
  expect_equal(profiles(fit)$means, profiles(typology(x, k = 3, seed = 1))$means)
  expect_s3_class(steckbrief(fit), "typology_steckbrief")
  expect_identical(predict(fit, lab[1:5, ]), predict(fit, x[1:5, ]))
})

test_that("ordered factors are coded by their ranks", {
  x <- reader_data()
  ord <- as.data.frame(lapply(x, function(v) factor(v, levels = 1:5, labels = letters[1:5],
                                                    ordered = TRUE)))
  expect_identical(typology(ord, k = 3, seed = 1)$cluster, typology(x, k = 3, seed = 1)$cluster)
  expect_equal(hierarchy(ord)$height, hierarchy(x)$height)
  expect_identical(typology(ord, k = 3, method = "pam", distance = "gower")$cluster,
                   typology(x, k = 3, method = "pam", distance = "gower")$cluster)
})

test_that("character and unordered factor items are errors naming the columns", {
  x <- reader_data()
  x$city <- rep(c("Bonn", "Kiel"), 30)
  x$party <- factor(rep(c("A", "B", "C"), 20))
  expect_snapshot(error = TRUE, {
    typology(x, k = 2)
    typology(x[-4], k = 2)
    hierarchy(x[-4])
    typology(x[-4], k = 2, method = "pam")
  })
  for (f in list(function(d) typology(d, k = 2), function(d) hierarchy(d),
                 function(d) typology(d, k = 2, method = "pam"))) {
    expect_error(f(x[-4]), class = "typfrage_error_input")
    expect_error(f(x[-5]), class = "typfrage_error_input")
  }
  # unordered factors are allowed with Gower's distance
  expect_s3_class(typology(x[-4], k = 2, method = "pam", distance = "gower"), "typology")
  expect_s3_class(hierarchy(x[-4], distance = "gower"), "hclust")
})
