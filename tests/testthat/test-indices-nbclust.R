rel_err <- function(a, b) abs(a - b) / pmax(abs(b), 1e-12)

ward_parts <- function(x, ks) {
  hc <- stats::hclust(stats::dist(x), "ward.D2")
  lapply(stats::setNames(ks, ks), function(k) stats::cutree(hc, k))
}

# psych::bfi: 25 Likert items, raw (whole numbers, so tied distances are exact
# in R's dist() and in the core alike), the first 250 complete cases
bfi_items <- function() {
  if (!requireNamespace("psych", quietly = TRUE)) return(NULL)
  e <- new.env()
  utils::data("bfi", package = "psych", envir = e)
  b <- as.matrix(e$bfi[, 1:25])
  b <- b[stats::complete.cases(b), ][1:250, ]
  storage.mode(b) <- "double"
  b
}

test_data <- function() {
  c(list(usarrests = scale(USArrests), iris = scale(as.matrix(iris[1:4])),
         swiss = scale(as.matrix(swiss))),
    list(bfi = bfi_items()))
}

nb_reference <- function(e, cl0, cl, cl2) {
  wbt <- e$Indices.WBT(x = e$jeu, cl = cl, P = e$TT, s = e$ss, vv = e$vv)
  tr <- function(index) unname(e$Indices.Traces(e$jeu, e$md, cbind(cl0, cl, cl2), index = index))
  c(ccc = wbt$ccc, scott = wbt$scott, marriot = wbt$marriot, trcovw = wbt$trcovw,
    tracew = wbt$tracew, friedman = wbt$friedman, rubin = wbt$rubin,
    cindex = e$Indice.cindex(e$md, cl), db_nb = e$Indice.DB(e$jeu, cl)$DB,
    ratkowsky = tr("ratkowsky"), ball = tr("ball"),
    ptbiserial = e$Indice.ptbiserial(e$jeu, e$md, cl),
    mcclain = e$Index.15and28(cl, cl2, e$md)$mcclain, hubert = e$Index.Hubert(e$jeu, cl),
    dindex = e$Index.Dindex(cl, e$jeu), sdbw = e$Index.SDbw(e$jeu, cl),
    silhouette = e$Indice.S(e$md, cl), dunn = e$Index.dunn(e$md, cl),
    ch = tr("ch"), gamma = e$Index.sPlussMoins(cl, e$md)$gamma,
    gplus = e$Index.sPlussMoins(cl, e$md)$gplus, tau = e$Index.sPlussMoins(cl, e$md)$tau)
}

test_that("one-partition indices equal NbClust's definitions to 1e-8", {
  skip_if_not_installed("NbClust")
  for (x in test_data()) {
    e <- nbclust_env(x)
    # NbClust forms the total scatter as X'X of the data as given, which is the
    # total scatter only for centred items (see ?typfrage_indices): its CCC,
    # Scott, Friedman and Rubin are compared on the centred data
    ec <- nbclust_env(scale(x, scale = FALSE))
    moment <- c("ccc", "scott", "friedman", "rubin")
    parts <- ward_parts(x, 2:6)
    for (k in 3:5) {
      cl <- parts[[as.character(k)]]
      three <- list(parts[[as.character(k - 1)]], cl, parts[[as.character(k + 1)]])
      ref <- nb_reference(e, three[[1]], three[[2]], three[[3]])
      ref[moment] <- nb_reference(ec, three[[1]], three[[2]], three[[3]])[moment]
      got <- cluster_indices(x, cl, indices = names(ref))
      err <- rel_err(got$value, ref[got$index])
      # NbClust's Tau is NaN when its tie count exceeds the number of pairs
      # (raw Likert items); the core returns the same missing value
      err[is.na(got$value) & is.na(ref[got$index])] <- 0
      # iris has tied distances (a duplicated row): the rank indices count ties,
      # and a tie in R's dist() may differ in the last bit from the core's distance
      rank <- got$index %in% c("gamma", "gplus", "tau")
      expect_lt(max(err[!rank]), 1e-8)
      if (!anyDuplicated(x)) expect_lt(max(err[rank]), 1e-8)
    }
  }
})

cc_names <- c(ball_hall = "ball_hall", banfeld_raftery = "banfeld_raftery", c_index = "c_index",
  det_ratio = "det_ratio", ksq_detw = "ksq_detw", log_det_ratio = "log_det_ratio",
  log_ss_ratio = "log_ss_ratio", mcclain_rao = "mcclain_rao", pbm = "pbm",
  point_biserial = "point_biserial", ray_turi = "ray_turi", ratkowsky_lance = "ratkowsky_lance",
  scott_symons = "scott_symons", sd_scat = "sd_scat", sd_dis = "sd_dis",
  trace_wib = "trace_wib", wemmert_gancarski = "wemmert_gancarski", xie_beni = "xie_beni",
  silhouette_cc = "silhouette", db = "davies_bouldin", ch = "calinski_harabasz",
  dunn = "dunn", tracew = "trace_w",
  stats::setNames(sprintf("gdi%d%d", rep(1:5, each = 3), rep(1:3, 5)),
                  sprintf("gdi%d%d", rep(1:5, each = 3), rep(1:3, 5))))

test_that("clusterCrit's indices agree to 1e-8 (S_Dbw to 1e-6)", {
  skip_if_not_installed("clusterCrit")
  for (x in test_data()) {
    for (k in 2:5) {
      km <- stats::kmeans(x, k, nstart = 5)
      cl <- km$cluster
      got <- cluster_indices(x, cl, indices = c(names(cc_names), "s_dbw"))
      v <- stats::setNames(got$value, got$index)
      ref <- clusterCrit::intCriteria(x, as.integer(cl), unique(c(cc_names, "s_dbw")))
      names(ref) <- tolower(names(ref))
      for (i in names(cc_names)) {
        if (i == "scott_symons" && min(table(cl)) <= ncol(x)) {
          expect_true(is.na(v[[i]]))
          next
        }
        if (!is.finite(ref[[cc_names[[i]]]])) next
        # clusterCrit converts counts to single precision (real()) in these two;
        # its Scott-Symons on the 25 bfi items is 1.1e-6 off relative
        tol <- if (i %in% c("scott_symons", "point_biserial")) 2e-6 else 1e-8
        r <- ref[[cc_names[[i]]]]
        # clusterCrit's determinant sometimes loses its sign (W and T are
        # positive definite, so det W > 0): compare the magnitudes
        if (i %in% c("ksq_detw", "det_ratio")) r <- abs(r)
        expect_lt(rel_err(v[[i]], r), tol, label = i)
      }
      if (is.finite(ref$s_dbw)) expect_lt(rel_err(v[["s_dbw"]], ref$s_dbw), 1e-6)
    }
  }
})

test_that("clusterCrit's rank-based definitions (ties concordant) by brute force", {
  x <- scale(USArrests)
  cl <- ward_parts(x, 4)[[1]]
  d <- as.matrix(stats::dist(x))
  ut <- upper.tri(d)
  same <- outer(cl, cl, "==")
  wd <- d[ut & same]
  bd <- d[ut & !same]
  splus <- sum(outer(bd, wd, ">"))
  sminus <- sum(outer(bd, wd, "<"))
  ties <- length(wd) * length(bd) - splus - sminus
  nt <- length(wd) + length(bd)
  got <- cluster_indices(x, cl, indices = c("gamma_cc", "g_plus", "tau_cc"))$value
  conc <- splus + ties
  expect_equal(got, c((conc - sminus) / (conc + sminus), 2 * sminus / (nt * (nt - 1)),
                      (conc - sminus) / sqrt(length(wd) * length(bd) * floor(nt / 2) * (nt - 1))),
               tolerance = 1e-12)
})

test_that("GDIx2 divide by half the largest mean within-cluster distance", {
  x <- scale(USArrests)
  cl <- ward_parts(x, 4)[[1]]
  d <- as.matrix(stats::dist(x))
  delta2 <- max(vapply(1:4, function(r) mean(stats::as.dist(d[cl == r, cl == r])) / 2, 0))
  v <- cluster_indices(x, cl, indices = c("gdi11", "gdi12", "dunn"))$value
  expect_equal(v[1], v[3])
  expect_equal(v[2], min(d[outer(cl, cl, "!=")]) / delta2)
})

test_that("fpc::cluster.stats quantities agree to 1e-8", {
  skip_if_not_installed("fpc")
  fm <- c(average_between = "average.between", average_within = "average.within",
          sindex = "sindex", widestgap = "widestgap", wb_ratio = "wb.ratio",
          pearsongamma = "pearsongamma", size_entropy = "entropy", dunn2 = "dunn2")
  for (x in test_data()) {
    for (cl in ward_parts(x, c(2, 4, 6))) {
      got <- cluster_indices(x, cl, indices = names(fm))
      ref <- fpc::cluster.stats(stats::dist(x), cl)
      expect_lt(max(rel_err(got$value, unlist(ref[fm]))), 1e-8)
    }
  }
})

nb_map <- c(kl = "KL", ch = "CH", hartigan = "Hartigan", ccc = "CCC", scott = "Scott",
  marriot = "Marriot", trcovw = "TrCovW", tracew = "TraceW", friedman = "Friedman",
  rubin = "Rubin", cindex = "Cindex", db_nb = "DB", silhouette = "Silhouette",
  duda = "Duda", pseudot2 = "PseudoT2", beale = "Beale", ratkowsky = "Ratkowsky",
  ball = "Ball", ptbiserial = "PtBiserial", frey = "Frey", mcclain = "McClain",
  dunn = "Dunn", sdindex = "SDindex", sdbw = "SDbw")

test_that("scan_k(indices = 'nbclust') recommends NbClust's k on Ward partitions", {
  skip_if_not_installed("NbClust")
  for (x in test_data()) {
    s <- scan_k(x, k = 2:8, method = "ward", indices = "nbclust")
    grDevices::pdf(NULL)
    nb <- suppressWarnings(utils::capture.output(
      r <- NbClust::NbClust(scale(x, scale = FALSE), distance = "euclidean", min.nc = 2, max.nc = 8,
                            method = "ward.D2", index = "all")))
    grDevices::dev.off()
    got <- s$recommended$k[match(names(nb_map), s$recommended$index)]
    ref <- as.integer(r$Best.nc[1, nb_map])
    ok <- names(nb_map) != "duda" & names(nb_map) != "pseudot2" & names(nb_map) != "beale"
    # NbClust's silhouette gives a singleton cluster the width 1 (cluster's: 0)
    singleton <- any(apply(s$clusters, 2, function(cl) any(table(cl) == 1L)))
    if (singleton) ok <- ok & names(nb_map) != "silhouette"
    expect_equal(got[ok], ref[ok])
    # values of the partition-comparing indices (NbClust rounds to 4 digits)
    for (i in c("kl", "hartigan", "frey", "sdindex")) {
      v <- s$indices$value[s$indices$index == i]
      expect_equal(v, unname(r$All.index[, nb_map[[i]]]), tolerance = 1e-3)
    }
    expect_true(all(is.na(s$recommended$k[s$recommended$index %in% c("hubert", "dindex")])))
    expect_match(s$verdict, "Majority vote")
  }
})

test_that("Duda, pseudo t-squared and Beale follow the split cluster", {
  x <- scale(USArrests)
  s <- scan_k(x, k = 2:5, method = "ward", indices = c("duda", "pseudot2", "beale"))
  parts <- ward_parts(x, 2:6)
  wss <- function(rows) sum(scale(x[rows, , drop = FALSE], scale = FALSE)^2)
  for (k in 2:5) {
    tab <- table(parts[[as.character(k)]], parts[[as.character(k + 1)]])
    m <- which(rowSums(tab > 0) == 2)
    pieces <- which(tab[m, ] > 0)
    wm <- wss(parts[[as.character(k)]] == m)
    wkl <- sum(vapply(pieces, function(j) wss(parts[[as.character(k + 1)]] == j), 0))
    expect_equal(s$indices$value[s$indices$index == "duda" & s$indices$k == k], wkl / wm)
  }
})

test_that("pair-based indices refuse weights; the rank ones check memory", {
  x <- scale(USArrests)
  cl <- stats::cutree(stats::hclust(stats::dist(x), "ward.D2"), 3)
  expect_error(cluster_indices(x, cl, indices = "cindex", weights = rep(2, 50)),
               class = "typfrage_error_weights")
  expect_no_error(cluster_indices(x, cl, indices = c("ccc", "pbm"), weights = rep(2, 50)))
  # frequency weights: whole-number weights equal duplicated rows
  w <- rep(1:2, 25)
  a <- cluster_indices(x, cl, indices = c("ccc", "ball_hall", "trace_wib"), weights = w)$value
  b <- cluster_indices(x[rep(1:50, w), ], cl[rep(1:50, w)],
                       indices = c("ccc", "ball_hall", "trace_wib"))$value
  expect_equal(a, b, tolerance = 1e-10)
  withr::local_options(typfrage.max_dist_gb = 1e-9)
  expect_error(cluster_indices(x, cl, indices = "gamma"), class = "typfrage_error_memory")
})

test_that("one and two threads give identical pair indices", {
  x <- scale(as.matrix(iris[1:4]))
  cl <- stats::kmeans(x, 3, nstart = 3)$cluster
  idx <- c("cindex", "ptbiserial", "hubert", "gamma", "c_index", "gdi31", "sindex")
  expect_identical(cluster_indices(x, cl, indices = idx, threads = 1)$value,
                   cluster_indices(x, cl, indices = idx, threads = 2)$value)
})
