# Reference values computed independently with base R.
ref_item <- function(y, g) {
  ok <- !is.na(y)
  y <- y[ok]
  g <- g[ok]
  k <- max(g)
  means <- as.vector(tapply(y, factor(g, levels = seq_len(k)), mean))
  sds <- as.vector(tapply(y, factor(g, levels = seq_len(k)), stats::sd))
  d <- vapply(seq_len(k), function(t) {
    a <- y[g == t]
    b <- y[g != t]
    pooled <- sqrt(((length(a) - 1) * stats::var(a) + (length(b) - 1) * stats::var(b)) /
                     (length(a) + length(b) - 2))
    (mean(a) - mean(b)) / pooled
  }, numeric(1))
  tab <- summary(stats::aov(y ~ factor(g)))[[1]]
  kw <- stats::kruskal.test(y, factor(g))
  list(mean = means, sd = sds, z = (means - mean(y)) / stats::sd(y), d = d,
       eta2 = tab[1, "Sum Sq"] / sum(tab[, "Sum Sq"]), f = tab[1, "F value"],
       p_anova = tab[1, "Pr(>F)"], kw = unname(kw$statistic),
       p_kw = kw$p.value, mean_all = mean(y), sd_all = stats::sd(y))
}

expect_profile_matches_base <- function(p, x, g) {
  for (j in colnames(x)) {
    ref <- ref_item(x[, j], g)
    pr <- p$profile[p$profile$item == j, ]
    st <- p$item_stats[p$item_stats$item == j, ]
    expect_equal(pr$mean, ref$mean, tolerance = 1e-12)
    expect_equal(pr$sd, ref$sd, tolerance = 1e-12)
    expect_equal(pr$z, ref$z, tolerance = 1e-12)
    expect_equal(pr$d, ref$d, tolerance = 1e-12)
    expect_equal(st$mean, ref$mean_all, tolerance = 1e-12)
    expect_equal(st$sd, ref$sd_all, tolerance = 1e-12)
    expect_equal(st$eta2, ref$eta2, tolerance = 1e-12)
    expect_equal(st$f, ref$f, tolerance = 1e-10)
    expect_equal(st$p_anova, ref$p_anova, tolerance = 1e-10)
    expect_equal(st$kw, ref$kw, tolerance = 1e-10)
    expect_equal(st$p_kw, ref$p_kw, tolerance = 1e-10)
  }
}

test_that("unweighted profiles equal aov(), kruskal.test() and hand-computed d", {
  fit <- as_typology(USArrests, usarrests_partition(3))
  p <- profiles(fit)
  expect_s3_class(p, "typology_profiles")
  expect_profile_matches_base(p, as.matrix(USArrests), fit$cluster)
  expect_equal(unname(p$size), tabulate(fit$cluster))
  expect_equal(unname(p$means), unname(fit$centers), tolerance = 1e-12)

  # Likert-like items with many ties, k = 4
  set.seed(2)
  x <- matrix(sample.int(5, 400 * 6, replace = TRUE), 400,
              dimnames = list(NULL, paste0("goal", 1:6)))
  g <- sample.int(4, 400, replace = TRUE)
  fit <- as_typology(x, g)
  expect_profile_matches_base(profiles(fit), x, fit$cluster)
})

test_that("items are ranked within each type by |d|", {
  p <- profiles(as_typology(USArrests, usarrests_partition(3)))
  for (t in 1:3) {
    pr <- p$profile[p$profile$type == t, ]
    expect_equal(pr$item[order(pr$rank)], pr$item[order(-abs(pr$d))])
    expect_setequal(pr$rank, seq_len(4))
  }
})

test_that("moments are numerically stable (one pass, large offsets)", {
  set.seed(3)
  x <- matrix(stats::rnorm(300), 100, dimnames = list(NULL, c("a", "b", "c")))
  g <- rep(1:2, each = 50)
  p0 <- profiles(as_typology(x, g))
  p1 <- profiles(as_typology(x + 1e6, g))
  expect_equal(p1$sds, p0$sds, tolerance = 1e-6)
  expect_equal(p1$d, p0$d, tolerance = 1e-6)
  expect_equal(p1$item_stats$eta2, p0$item_stats$eta2, tolerance = 1e-6)
})

test_that("weighted profiles equal unweighted profiles of duplicated rows", {
  set.seed(4)
  n <- 120
  x <- cbind(a = stats::rnorm(n), b = sample.int(5, n, replace = TRUE),
             c = stats::rexp(n))
  g <- sample.int(3, n, replace = TRUE)
  w <- sample.int(3, n, replace = TRUE)
  covs <- data.frame(kind = sample(c("Gemeinde", "Stadt", "Landkreis"), n, TRUE),
                     size = stats::rlnorm(n, 9))
  fw <- as_typology(x, g, weights = w)
  pw <- quiet_chisq(profiles(fw, covariates = covs))
  dup <- rep(seq_len(n), w)
  fd <- as_typology(x[dup, ], g[dup])
  pd <- quiet_chisq(profiles(fd, covariates = covs[dup, ]))
  expect_true(pw$weighted)
  expect_equal(fw$cluster, fd$cluster[!duplicated(dup)])  # same type numbers
  for (col in c("mean", "sd", "z", "d", "weight")) {
    expect_equal(pw$profile[[col]], pd$profile[[col]], tolerance = 1e-10)
  }
  for (col in c("mean", "sd", "eta2", "f", "df_within", "p_anova", "kw", "p_kw")) {
    expect_equal(pw$item_stats[[col]], pd$item_stats[[col]], tolerance = 1e-10)
  }
  expect_equal(pw$share, pd$share, tolerance = 1e-12)
  expect_equal(pw$covariate_summary[c("statistic", "df", "p_value", "effect_size")],
               pd$covariate_summary[c("statistic", "df", "p_value", "effect_size")],
               tolerance = 1e-10)
  expect_equal(pw$covariates$kind$residual, pd$covariates$kind$residual, tolerance = 1e-10)
  expect_equal(pw$covariates$size$means$mean, pd$covariates$size$means$mean,
               tolerance = 1e-10)
  expect_equal(pw$covariates$size$eta2, pd$covariates$size$eta2, tolerance = 1e-10)
  # and the weights argument overrides the fit's weights the same way
  # (fw's partition without its weights: as_typology() would renumber it by
  # the unweighted sizes)
  fu <- fw
  fu["weights"] <- list(NULL)
  fu["weighted_size"] <- list(NULL)
  expect_equal(profiles(fu, weights = w)$profile, pw$profile)
  # weighted means are the ordinary weighted means
  expect_equal(pw$means[, "a"],
               as.vector(tapply(x[, "a"] * w, fw$cluster, sum) / tapply(w, fw$cluster, sum)),
               ignore_attr = TRUE, tolerance = 1e-12)
})

test_that("missing item values are left out item by item", {
  fit <- as_typology(USArrests, usarrests_partition(3))
  d <- USArrests
  d$Rape[c(2, 10, 33)] <- NA
  p <- profiles(fit, data = d)
  expect_profile_matches_base(p, as.matrix(d), fit$cluster)
  expect_equal(p$item_stats$n, c(50, 50, 50, 47))
})

test_that("`data` codes the fitted items and ignores other columns", {
  fit <- as_typology(USArrests, usarrests_partition(3))
  p0 <- profiles(fit)
  d <- cbind(extra = letters[1:25], USArrests[rev(names(USArrests))])
  p1 <- profiles(fit, data = d)
  expect_equal(p1$profile, p0$profile)
  expect_equal(p1$items, names(USArrests))
})

test_that("rows dropped by the fit are left out, covariates stay aligned", {
  x <- as.matrix(USArrests)
  set.seed(1)
  g <- stats::kmeans(scale(x), 3, nstart = 5)$cluster
  g[c(5, 20)] <- NA
  fit <- as_typology(x, g)
  region <- state.region
  p <- quiet_chisq(profiles(fit, covariates = data.frame(region = region)))
  tab <- table(fit$cluster, region)
  expect_equal(unname(p$covariates$region$table), unname(unclass(tab)),
               ignore_attr = TRUE)
  expect_equal(p$n, 48)
  expect_equal(p$rows, setdiff(1:50, c(5, 20)))
})

test_that("categorical covariates equal chisq.test(), stdres and hand-computed V", {
  fit <- as_typology(USArrests, usarrests_partition(3))
  covs <- data.frame(region = state.region, big = state.area > 80000,
                     division = as.character(state.division))
  p <- quiet_chisq(profiles(fit, covariates = covs))
  for (nm in names(covs)) {
    tab <- table(fit$cluster, covs[[nm]])
    ct <- suppressWarnings(stats::chisq.test(tab, correct = FALSE))
    cv <- p$covariates[[nm]]
    expect_equal(unname(cv$table), unname(unclass(tab)), ignore_attr = TRUE)
    expect_equal(cv$statistic, unname(ct$statistic), tolerance = 1e-12)
    expect_equal(cv$df, unname(ct$parameter))
    expect_equal(cv$p_value, ct$p.value, tolerance = 1e-12)
    expect_equal(unname(cv$expected), unname(unclass(ct$expected)), tolerance = 1e-12)
    expect_equal(unname(cv$residual), unname(unclass(ct$stdres)), tolerance = 1e-12)
    v <- sqrt(unname(ct$statistic) / (sum(tab) * (min(dim(tab)) - 1)))
    expect_equal(cv$effect, v, tolerance = 1e-12)
    expect_equal(unname(cv$row_share), unname(unclass(prop.table(tab, 1))),
                 tolerance = 1e-12)
    expect_equal(unname(cv$col_share), unname(unclass(prop.table(tab, 2))),
                 tolerance = 1e-12)
  }
  expect_equal(p$covariate_summary$covariate, names(covs))
  expect_equal(p$covariate_summary$effect_size,
               vapply(p$covariates, `[[`, numeric(1), "effect"), ignore_attr = TRUE)
})

test_that("weighted covariate tables equal chisq.test() on the weighted table", {
  fit <- as_typology(USArrests, usarrests_partition(3))
  set.seed(5)
  w <- stats::runif(50, 0.5, 2)
  p <- quiet_chisq(profiles(fit, covariates = data.frame(region = state.region), weights = w))
  tab <- xtabs(w ~ fit$cluster + state.region)
  ct <- suppressWarnings(stats::chisq.test(tab, correct = FALSE))
  expect_equal(p$covariates$region$statistic, unname(ct$statistic), tolerance = 1e-12)
  expect_equal(unname(p$covariates$region$residual), unname(unclass(ct$stdres)),
               tolerance = 1e-12, ignore_attr = TRUE)
})

test_that("numeric covariates equal aov() and kruskal.test()", {
  fit <- as_typology(USArrests, usarrests_partition(3))
  area <- state.area
  area[7] <- NA
  p <- profiles(fit, covariates = list(area = area))
  cv <- p$covariates$area
  ok <- !is.na(area)
  tab <- summary(stats::aov(area[ok] ~ factor(fit$cluster[ok])))[[1]]
  kw <- stats::kruskal.test(area[ok], fit$cluster[ok])
  expect_equal(cv$eta2, tab[1, "Sum Sq"] / sum(tab[, "Sum Sq"]), tolerance = 1e-12)
  expect_equal(cv$p_anova, tab[1, "Pr(>F)"], tolerance = 1e-10)
  expect_equal(cv$statistic, unname(kw$statistic), tolerance = 1e-10)
  expect_equal(cv$p_value, kw$p.value, tolerance = 1e-10)
  expect_equal(cv$means$mean, as.vector(tapply(area[ok], fit$cluster[ok], mean)),
               tolerance = 1e-12)
  expect_equal(cv$n, 49)
})

test_that("haven-labelled covariates are categorical by their value labels", {
  fit <- as_typology(USArrests, usarrests_partition(3))
  v <- structure(rep(c(1, 2), 25), labels = c(Gemeinde = 1, Stadt = 2),
                 class = c("haven_labelled", "vctrs_vctr", "double"))
  p <- profiles(fit, covariates = list(kind = v))
  expect_equal(colnames(p$covariates$kind$table), c("Gemeinde", "Stadt"))
})

test_that("a codebook labels items and covariates", {
  fit <- as_typology(USArrests, usarrests_partition(3))
  cb <- data.frame(variable = c("Murder", "UrbanPop", "region"),
                   label = c("Murder arrests", "Urban population", "Region"))
  p <- quiet_chisq(profiles(fit, covariates = data.frame(region = state.region), labels = cb))
  expect_equal(p$item_stats$label, c("Murder arrests", "Assault", "Urban population", "Rape"))
  expect_equal(p$covariates$region$label, "Region")
  p2 <- profiles(fit, labels = c(Murder = "Murder arrests"))
  expect_equal(p2$labels[["Murder"]], "Murder arrests")
  # a codebook with another label column (e.g. German labels)
  cb2 <- data.frame(variable = "Rape", label_de = "Vergewaltigung")
  expect_equal(profiles(fit, labels = cb2)$labels[["Rape"]], "Vergewaltigung")
})

test_that("profiles() prints and summarises", {
  fit <- as_typology(USArrests, usarrests_partition(3))
  p <- quiet_chisq(profiles(fit, covariates = data.frame(region = state.region, area = state.area)))
  expect_snapshot(print(p))
  expect_snapshot(summary(p))
  out <- utils::capture.output(print(p))
  expect_true(all(nchar(out) <= 80))
  expect_true(any(grepl("descriptive", out)))
})

test_that("bad input to profiles() gets classed errors", {
  fit <- as_typology(USArrests, usarrests_partition(3))
  expect_snapshot(profiles(fit, covariates = data.frame(x = 1:3)), error = TRUE)
  expect_snapshot(profiles(fit, covariates = list(region = state.region, a = 1:4)),
                  error = TRUE)
  expect_snapshot(profiles(fit, data = USArrests[, 1:2]), error = TRUE)
  expect_snapshot(profiles(fit, data = USArrests[1:10, ]), error = TRUE)
  expect_snapshot(profiles(fit, weights = 1:3), error = TRUE)
  expect_snapshot(profiles(kmeans(USArrests, 2)), error = TRUE)
  expect_snapshot(profiles(fit, covariates = list(m = matrix(1:100, 50))), error = TRUE)
  expect_snapshot(profiles(fit, labels = 1:3), error = TRUE)
  expect_error(profiles(fit, covariates = data.frame(x = 1:3)),
               class = "typfrage_error_input")
  expect_error(profiles(fit, data = USArrests[, 1:2]), class = "typfrage_error_input")
})

test_that("a codebook with a label column per language gives the labels of `lang`", {
  fit <- as_typology(kommunen[kommunen_items$variable], kommunen$type)
  de <- profiles(fit, labels = kommunen_items, lang = "de")
  en <- profiles(fit, labels = kommunen_items, lang = "en")
  expect_identical(unname(de$labels[kommunen_items$variable]), kommunen_items$label_de)
  expect_identical(unname(en$labels[kommunen_items$variable]), kommunen_items$label_en)
  # without `lang`: the session's language (the tests pin "en")
  expect_identical(profiles(fit, labels = kommunen_items)$labels, en$labels)
  # a `label` column is used whatever the language
  cb <- data.frame(variable = "goal_legal", label = "Legal", label_de = "Recht")
  expect_identical(profiles(fit, labels = cb, lang = "de")$labels[["goal_legal"]], "Legal")
})
