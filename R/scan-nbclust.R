# scan_k()'s NbClust, clusterCrit and fpc indices: the keywords "nbclust" and
# "all", the indices that compare neighbouring partitions, the decision rules
# as the references define them, and NbClust's majority vote.

# The indices scan_k() computes without resampling when asked for "all".
scan_all_set <- function() {
  c("wss", "pve", "silhouette", "ch", "db", "dunn", extra_index_table$index)
}

# Expand the keywords "nbclust" (NbClust's index = "all") and "all".
resolve_scan_keywords <- function(indices) {
  if (!is.character(indices)) return(list(indices = indices, vote = NULL))
  vote <- NULL
  if ("all" %in% indices) vote <- "all"
  if ("nbclust" %in% indices) vote <- "nbclust"
  if (is.null(vote)) return(list(indices = indices, vote = NULL))
  expanded <- unlist(lapply(indices, function(i) {
    switch(i, all = scan_all_set(), nbclust = nbclust_set, i)
  }))
  list(indices = unique(expanded), vote = vote)
}

# Which extra partitions the indices comparing k with k - 1 and k + 1 need.
scan_extra_ks <- function(ext, ks, n) {
  out <- integer()
  if ("kl" %in% ext && min(ks) > 1L) out <- c(out, min(ks) - 1L)
  if (any(ext %in% c("kl", "hartigan", "duda", "pseudot2", "beale", "frey")) &&
      max(ks) + 1L < n) {
    out <- c(out, max(ks) + 1L)
  }
  setdiff(out, ks)
}

# Values of the extra indices for every scanned k. `parts`: a list of
# partitions (codes) named by k, covering ks and the extra ks. Returns the
# tidy rows and the critical values of Duda, pseudo t-squared and Beale.
scan_extra_values <- function(x, parts, ks, ext, w, distance, gower, threads, verbose) {
  p <- ncol(x)
  n_w <- if (is.null(w)) nrow(x) else sum(w)
  single <- intersect(ext, partition_extra())
  helpers <- c(if (any(ext %in% c("kl", "hartigan"))) "tracew",
               if ("sdindex" %in% ext) c("sd_scat", "sd_dis"),
               if ("frey" %in% ext) c("mean_within", "average_between"))
  all_k <- sort(as.integer(names(parts)))
  per_k <- extra_partitions_values(x, parts[as.character(all_k)], all_k, w, distance, gower,
                                   unique(c(single, helpers)), threads, verbose)
  names(per_k) <- all_k
  val <- function(kk, idx) {
    if (kk == 1L && idx == "tracew") {
      return(partition_indices(x, rep(1L, nrow(x)), 1L, w, distance, gower, "wss",
                               1L, FALSE)$values[["wss"]])
    }
    r <- per_k[[as.character(kk)]]
    if (is.null(r)) NA_real_ else r$values[[idx]]
  }
  rows <- list()
  crit <- list()
  for (idx in single) rows[[idx]] <- vapply(ks, val, numeric(1), idx = idx)
  if ("kl" %in% ext) {
    rows$kl <- vapply(ks, function(kk) {
      diff_k <- function(g) (g - 1)^(2 / p) * val(g - 1L, "tracew") - g^(2 / p) * val(g, "tracew")
      if (kk < 2L) return(NA_real_)
      abs(diff_k(kk)) / abs(diff_k(kk + 1L))
    }, numeric(1))
  }
  if ("hartigan" %in% ext) {
    rows$hartigan <- vapply(ks, function(kk) {
      (val(kk, "tracew") / val(kk + 1L, "tracew") - 1) * (n_w - kk)
    }, numeric(1))
  }
  if ("sdindex" %in% ext) {
    alpha <- val(max(ks), "sd_dis")
    rows$sdindex <- vapply(ks, function(kk) alpha * val(kk, "sd_scat") + val(kk, "sd_dis"),
                           numeric(1))
  }
  if ("frey" %in% ext) {
    rows$frey <- vapply(ks, function(kk) {
      (val(kk + 1L, "average_between") - val(kk, "average_between")) /
        (val(kk + 1L, "mean_within") - val(kk, "mean_within"))
    }, numeric(1))
  }
  hart <- intersect(ext, c("duda", "pseudot2", "beale"))
  if (length(hart)) {
    dh <- lapply(ks, function(kk) duda_hart(parts, per_k, kk, p))
    for (idx in hart) {
      rows[[idx]] <- vapply(dh, function(d) d[[idx]], numeric(1))
      crit[[idx]] <- vapply(dh, function(d) d[[paste0(idx, "_critical")]], numeric(1))
    }
  }
  tab <- do.call(rbind, lapply(names(rows), function(idx) {
    v <- rows[[idx]]
    v[!is.finite(v)] <- NA_real_
    data.frame(index = idx, k = ks, value = v, se = NA_real_, stringsAsFactors = FALSE)
  }))
  critical <- do.call(rbind, lapply(names(crit), function(idx) {
    data.frame(index = idx, k = ks, critical = crit[[idx]], stringsAsFactors = FALSE)
  }))
  list(rows = tab, critical = critical)
}

# Duda & Hart's Je(2)/Je(1), the pseudo t-squared and Beale's F for the
# cluster of the k-partition that the (k + 1)-partition splits in two
# (NbClust's Indices.WKWL); NA unless the two partitions are nested.
duda_hart <- function(parts, per_k, kk, p) {
  na <- list(duda = NA_real_, pseudot2 = NA_real_, beale = NA_real_,
             duda_critical = NA_real_, pseudot2_critical = NA_real_,
             beale_critical = NA_real_)
  a <- parts[[as.character(kk)]]
  b <- parts[[as.character(kk + 1L)]]
  ra <- per_k[[as.character(kk)]]
  rb <- per_k[[as.character(kk + 1L)]]
  if (is.null(a) || is.null(b) || is.null(ra$withinss) || is.null(rb$withinss)) return(na)
  tab <- table(a, b)
  if (any(colSums(tab > 0) != 1L) || sum(rowSums(tab > 0) == 2L) != 1L) return(na)
  m <- which(rowSums(tab > 0) == 2L)
  kl <- which(tab[m, ] > 0)
  wm <- ra$withinss[m]
  wk <- sum(rb$withinss[kl])
  nm <- ra$size[m]
  nkl <- sum(rb$size[kl])
  duda <- wk / wm
  bkl <- wm - wk
  pseudot2 <- bkl / (wk / (nkl - 2))
  beale <- (bkl / wk) / (((nm - 1) / (nm - 2)) * (2^(2 / p) - 1))
  # Milligan & Cooper's (1985) best standard score 3.20, as NbClust
  crit <- 1 - 2 / (pi * p) - 3.2 * sqrt(2 * (1 - 8 / (pi^2 * p)) / (nm * p))
  list(duda = duda, pseudot2 = pseudot2, beale = beale, duda_critical = crit,
       pseudot2_critical = ((1 - crit) / crit) * (nkl - 2),
       beale_critical = 1 - stats::pf(beale, p, (nm - 2) * p))
}

# The k an extra index recommends by its rule (NbClust's or clusterCrit's).
extra_recommend <- function(idx, d, critical) {
  rule <- extra_index_table$rule[match(idx, extra_index_table$index)]
  k <- d$k
  v <- d$value
  first_k <- function(ok) if (any(ok, na.rm = TRUE)) k[which(ok)[1]] else NA_integer_
  pick <- function(score, fn) {
    if (all(is.na(score))) return(NA_integer_)
    k[fn(score)]
  }
  diff1 <- c(NA, abs(diff(v)))
  diff2 <- c(NA, diff(diff(v)), NA)
  if (length(v) < 3L) diff2 <- rep(NA_real_, length(v))
  cr <- if (!is.null(critical)) critical$critical[critical$index == idx] else NULL
  switch(rule,
    maximum = pick(v, which.max),
    minimum = pick(v, which.min),
    "largest difference to k - 1" = pick(diff1, which.max),
    "largest second difference" = pick(diff2, which.max),
    "smallest second difference" = pick(diff2, which.min),
    "smallest k at or above the critical value" = first_k(v >= cr),
    "smallest k at or below the critical value" = first_k(v <= cr),
    "smallest k with F p-value >= 0.1" = first_k(cr >= 0.1),
    "k before the first ratio below 1" = {
      kk <- first_k(v < 1)
      if (is.na(kk)) NA_integer_ else kk - 1L
    },
    NA_integer_
  )
}

# NbClust's majority vote: the k most indices recommend (ties: the smallest
# k), with the count for every k.
vote_verdict <- function(rec, vote) {
  set <- if (identical(vote, "nbclust")) nbclust_set else rec$index
  r <- rec[rec$index %in% set & !is.na(rec$k), , drop = FALSE]
  if (nrow(r) == 0L) return("No index made a recommendation.")
  counts <- table(factor(r$k, levels = sort(unique(r$k))))
  top <- as.integer(names(counts)[which.max(counts)])
  sprintf("Majority vote (%s): k = %d, recommended by %d of %d indices (%s).",
          if (identical(vote, "nbclust")) "NbClust's indices" else "all indices",
          top, max(counts), nrow(r),
          paste(sprintf("k = %s: %d", names(counts), as.integer(counts)), collapse = ", "))
}
