# Ward (ward.D2) cut at k, then k-means from the Ward centres: the two-step
# typology in base R, used to check that the simulated types are recoverable.
ward_kmeans_base <- function(data, k = 4) {
  x <- as.matrix(data[, kommunen_items$variable])
  ward <- stats::cutree(stats::hclust(stats::dist(x), "ward.D2"), k)
  centres <- as.matrix(stats::aggregate(x, list(ward), mean)[, -1])
  stats::kmeans(x, centers = centres)$cluster
}

# |observed share - target| within 3 binomial standard errors
expect_share <- function(x, target) {
  se <- sqrt(target * (1 - target) / length(x))
  expect_lt(abs(mean(x) - target), 3 * se)
}

test_that("kommunen is simulate_kommunen() with its defaults", {
  expect_identical(kommunen, simulate_kommunen())
  expect_identical(kommunen_items, typfrage:::kommunen_codebook())
})

test_that("kommunen has the documented layout", {
  expect_s3_class(kommunen, "data.frame")
  expect_identical(nrow(kommunen), 412L)
  expect_identical(kommunen$id, 1:412)
  expect_identical(.row_names_info(kommunen), -412L)  # automatic row names
  expect_identical(
    names(kommunen),
    c("id", "kind", "state", "population", "size_class", "type",
      kommunen_items$variable,
      "strategy", "fim_known", "fim_helpful", "fibre", "egov_components",
      "responsibility", "participation")
  )
  expect_identical(nlevels(kommunen$kind), 4L)
  expect_identical(nlevels(kommunen$state), 16L)
  expect_true(is.ordered(kommunen$size_class))
  expect_identical(
    levels(kommunen$type),
    c("Bed\u00e4chtige", "Optimierer", "Serviceorientierte", "Community Manager")
  )
  expect_identical(levels(kommunen$type), rownames(kommunen_profiles))
  expect_identical(colnames(kommunen_profiles), kommunen_items$variable)
  expect_identical(levels(kommunen$type), levels(kommunen_items$type))
  for (v in kommunen_items$variable) {
    expect_type(kommunen[[v]], "integer")
    expect_true(all(kommunen[[v]] %in% 1:5))
  }
  # every scale point is used: realistic Likert data, not a few patterns
  expect_true(all(vapply(kommunen[kommunen_items$variable],
                         function(v) length(unique(v)), 1L) == 5L))
  expect_true(all(kommunen$egov_components %in% 0:9))
  expect_false(anyNA(kommunen[setdiff(names(kommunen), "fim_helpful")]))
  # population is consistent with its size class
  cls <- cut(kommunen$population, c(0, 1e4, 2e4, 5e4, 1e5, 5e5, Inf), right = FALSE)
  expect_identical(as.integer(cls), as.integer(kommunen$size_class))
  # city states hold only kreisfreie Staedte
  city <- kommunen$state %in% c("Berlin", "Bremen", "Hamburg")
  expect_true(all(kommunen$kind[city] == "kreisfreie Stadt"))
  # strings are ASCII or marked UTF-8, never of unknown encoding
  lv <- c(levels(kommunen$kind), levels(kommunen$state), levels(kommunen$type),
          kommunen_items$label_de)
  expect_true(all(Encoding(lv) %in% c("unknown", "UTF-8")))
  expect_true(all(validUTF8(lv)))
  expect_false(any(Encoding(lv) == "unknown" & grepl("[^ -~]", lv, useBytes = TRUE)))
})

test_that("the covariates match the published marginals within sampling error", {
  d <- kommunen
  expect_share(d$strategy == "in place", 0.14)
  expect_share(d$strategy == "in development", 0.45)
  expect_share(d$fim_known, 0.29)
  expect_share(d$fim_helpful[d$fim_known], 0.70)
  expect_share(d$fibre, 0.76)
  # e-government components: mean about 2, about half run at most 2
  se_mean <- stats::sd(d$egov_components) / sqrt(nrow(d))
  expect_lt(abs(mean(d$egov_components) - 2), 3 * se_mean)
  expect_share(d$egov_components <= 2, 0.5)
  # FIM helpfulness was asked only of those who know FIM
  expect_identical(is.na(d$fim_helpful), !d$fim_known)
  # larger municipalities more often have a strategy (published, qualitatively)
  big <- d$population >= stats::median(d$population)
  expect_gt(mean(d$strategy[big] == "in place"), mean(d$strategy[!big] == "in place"))
})

test_that("the marginals hold for other sizes, seeds and shares", {
  d <- simulate_kommunen(n = 1000, shares = c(0.1, 0.2, 0.3, 0.4), seed = 7)
  expect_identical(nrow(d), 1000L)
  expect_share(d$strategy == "in place", 0.14)
  expect_share(d$strategy == "in development", 0.45)
  expect_share(d$fim_known, 0.29)
  expect_share(d$fibre, 0.76)
  # type counts are exact (largest remainders)
  expect_equal(as.vector(table(d$type)), c(100, 200, 300, 400))
  d2 <- simulate_kommunen(n = 301, shares = c(0.55, 0.15, 0.15, 0.15), seed = 1)
  expect_equal(as.vector(prop.table(table(d2$type))), c(0.55, 0.15, 0.15, 0.15),
               tolerance = 1 / 301)
  expect_identical(sum(table(d2$type)), 301L)
  # a type can be switched off
  d3 <- simulate_kommunen(n = 50, shares = c(0.5, 0.5, 0, 0), seed = 1)
  expect_identical(as.vector(table(d3$type)), c(25L, 25L, 0L, 0L))
  # the smallest allowed sample works
  expect_identical(nrow(simulate_kommunen(n = 4, seed = 1)), 4L)
})

test_that("the simulated types are recovered by Ward + k-means", {
  ari <- agreement(ward_kmeans_base(kommunen), kommunen$type)$ari
  expect_gte(ari, 0.85)
  # ... but not trivially: the types overlap
  expect_lt(ari, 0.99)
  # Centres recovered: each type's own goals are its highest
  centres <- as.matrix(stats::aggregate(kommunen[kommunen_items$variable],
                                        list(kommunen$type), mean)[, -1])
  own <- split(kommunen_items$variable, kommunen_items$type)
  for (t in seq_along(own)) {
    expect_true(all(rank(-centres[t, ])[own[[t]]] <= 3))
  }
  # another seed recovers as well
  other <- simulate_kommunen(seed = 11)
  expect_gte(agreement(ward_kmeans_base(other), other$type)$ari, 0.8)
})

test_that("more noise or a stronger response style lowers recovery", {
  base <- agreement(ward_kmeans_base(kommunen), kommunen$type)$ari
  noisy <- simulate_kommunen(noise = 1.5)
  expect_lt(agreement(ward_kmeans_base(noisy), noisy$type)$ari, base - 0.3)
  clean <- simulate_kommunen(noise = 0.3, acquiescence = 0)
  expect_gt(agreement(ward_kmeans_base(clean), clean$type)$ari, base)
  # no noise and no response style: the ratings are the rounded profiles
  exact <- simulate_kommunen(n = 40, noise = 0, acquiescence = 0, seed = 3)
  expected <- round(kommunen_profiles[as.integer(exact$type), ])
  dimnames(expected) <- NULL
  expect_equal(unname(as.matrix(exact[kommunen_items$variable])), expected)
})

test_that("profiles and assumptions can be changed", {
  p <- kommunen_profiles
  p[] <- 3
  d <- simulate_kommunen(n = 100, profiles = p, noise = 0, acquiescence = 0, seed = 1)
  expect_true(all(as.matrix(d[kommunen_items$variable]) == 3L))
  a <- kommunen_assumptions
  a$kind[] <- c(0, 0, 0, 1)
  a$state[] <- c(1, rep(0, 15))
  d <- simulate_kommunen(n = 100, assumptions = a, seed = 1)
  expect_true(all(d$kind == "Landkreis"))
  expect_true(all(d$state == levels(d$state)[1]))
  a <- kommunen_assumptions
  a$shares[] <- c(0.1, 0.2, 0.3, 0.4)
  d <- simulate_kommunen(n = 100, assumptions = a, seed = 1)
  expect_identical(as.vector(table(d$type)), c(10L, 20L, 30L, 40L))
  a <- kommunen_assumptions
  a$participation[] <- c(0, 0, 0, 1)
  d <- simulate_kommunen(n = 100, assumptions = a, seed = 1)
  expect_identical(d$participation, d$type == "Community Manager")
})

test_that("seeds reproduce and leave the session's RNG alone", {
  expect_identical(simulate_kommunen(n = 30, seed = 5), simulate_kommunen(n = 30, seed = 5))
  expect_false(identical(simulate_kommunen(n = 30, seed = 5), simulate_kommunen(n = 30, seed = 6)))

  # an explicit seed does not touch the global state
  set.seed(123)
  before <- .Random.seed
  simulate_kommunen(n = 30, seed = 5)
  expect_identical(.Random.seed, before)

  # nor the generator kind, and the data do not depend on it
  old_kind <- RNGkind()
  on.exit(suppressWarnings(do.call(RNGkind, as.list(old_kind))), add = TRUE)
  suppressWarnings(RNGkind("L'Ecuyer-CMRG", "Box-Muller", "Rounding"))
  set.seed(1)
  before <- .Random.seed
  d <- suppressWarnings(simulate_kommunen(n = 30, seed = 5))
  expect_identical(RNGkind(), c("L'Ecuyer-CMRG", "Box-Muller", "Rounding"))
  expect_identical(.Random.seed, before)
  do.call(RNGkind, as.list(old_kind))
  expect_identical(d, simulate_kommunen(n = 30, seed = 5))

  # without a seed, set.seed() reproduces and the stream advances
  set.seed(9); a <- simulate_kommunen(n = 30, seed = NULL)
  set.seed(9); b <- simulate_kommunen(n = 30, seed = NULL)
  expect_identical(a, b)
  set.seed(9); s0 <- .Random.seed; simulate_kommunen(n = 30, seed = NULL)
  expect_false(identical(.Random.seed, s0))

  # a session without a .Random.seed stays without one
  genv <- globalenv()
  saved <- get(".Random.seed", envir = genv)
  rm(".Random.seed", envir = genv)
  simulate_kommunen(n = 30, seed = 5)
  expect_false(exists(".Random.seed", envir = genv, inherits = FALSE))
  assign(".Random.seed", saved, envir = genv)
})

test_that("bad input gives classed errors", {
  expect_error(simulate_kommunen(shares = c(0.5, 0.5, 0.5, 0.5)), class = "typfrage_error_input")
  expect_snapshot(error = TRUE, {
    simulate_kommunen(shares = c(0.5, 0.5, 0.5, 0.5))
    simulate_kommunen(shares = c(0.6, 0.6, -0.1, -0.1))
    simulate_kommunen(shares = c(0.5, 0.5))
    simulate_kommunen(shares = "a")
    simulate_kommunen(n = 3)
    simulate_kommunen(n = 10.5)
    simulate_kommunen(noise = -1)
    simulate_kommunen(acquiescence = NA)
    simulate_kommunen(seed = "x")
    simulate_kommunen(profiles = matrix(1, 3, 12))
    simulate_kommunen(assumptions = list(kind = 1))
    simulate_kommunen(assumptions = modifyList(kommunen_assumptions,
                                               list(participation = c(0.5, 2, 0, 0))))
  })
  a <- kommunen_assumptions
  a$kind <- c(1, 2)
  expect_error(simulate_kommunen(assumptions = a), class = "typfrage_error_input")
})
