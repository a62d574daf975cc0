# What a scan recommends: the index tables, the k each index recommends and
# the verdict sentences of scan_k() (R/scan_k.R).

# Label and decision rule of every index scan_k() knows, by name.
scan_index_labels <- stats::setNames(c(base_index_table$label, extra_index_table$label),
                                     c(base_index_table$index, extra_index_table$index))
scan_index_rules <- stats::setNames(c(base_index_table$rule, extra_index_table$rule),
                                    c(base_index_table$index, extra_index_table$index))

scan_default_indices <- c("wss", "silhouette", "ch", "db", "gap", "ps")
scan_lca_indices <- c("loglik", "aic", "bic", "abic", "entropy", "min_share")

# The k each index recommends (NA where an index makes no recommendation).
recommend_k <- function(tab, indices, gap, ps_cutoff, p, schedule_k = NA_integer_,
                        critical = NULL) {
  pick <- function(idx) {
    if (idx %in% extra_index_table$index) {
      return(extra_recommend(idx, tab[tab$index == idx, , drop = FALSE], critical))
    }
    d <- tab[tab$index == idx & !is.na(tab$value), , drop = FALSE]
    if (nrow(d) == 0L) return(NA_integer_)
    switch(idx,
      wss = elbow_k(d$k, d$value, p),
      pve = NA_integer_,
      silhouette = , ch = , dunn = d$k[which.max(d$value)],
      db = , aic = , bic = , abic = d$k[which.min(d$value)],
      loglik = , entropy = , min_share = NA_integer_,
      schedule = schedule_k,
      gap = gap$k,
      ps = ps_recommended_k(d$k, d$value, ps_cutoff)
    )
  }
  data.frame(
    index = indices,
    label = unname(scan_index_labels[indices]),
    k = vapply(indices, function(i) as.integer(pick(i)), integer(1), USE.NAMES = FALSE),
    rule = unname(scan_index_rules[indices]),
    stringsAsFactors = FALSE
  )
}

# The elbow of the WSS curve by Krzanowski & Lai (1988): the k maximising
# |DIFF(k) / DIFF(k + 1)|, DIFF(k) = (k-1)^(2/p) W_{k-1} - k^(2/p) W_k, over
# the k whose neighbours k - 1 and k + 1 were scanned.
elbow_k <- function(k, w, p) {
  wk <- function(kk) w[match(kk, k)]
  diff_k <- function(kk) (kk - 1)^(2 / p) * wk(kk - 1) - kk^(2 / p) * wk(kk)
  cand <- k[(k - 1) %in% k & (k + 1) %in% k]
  if (length(cand) == 0L) return(NA_integer_)
  kl <- abs(diff_k(cand) / diff_k(cand + 1))
  kl[!is.finite(kl)] <- NA
  if (all(is.na(kl))) return(NA_integer_)
  cand[which.max(kl)]
}

# The largest jump of the agglomeration schedule: inc[j] is the ESS increase
# of the merge from j + 1 to j clusters; the k in ks (k >= 2) maximising
# inc[k - 1] - inc[k], the cost of merging k clusters into k - 1 over that of
# reaching k.
schedule_jump_k <- function(ks, inc) {
  cand <- ks[ks >= 2L]
  if (length(cand) == 0L) return(NA_integer_)
  jump <- inc[cand - 1L] - inc[cand]
  if (all(is.na(jump))) return(NA_integer_)
  cand[which.max(jump)]
}

# Latent class scans recommend by BIC; AIC and aBIC are mentioned.
lca_verdict <- function(rec, lang = "en") {
  kb <- rec$k[rec$index == "bic"]
  others <- rec[rec$index %in% c("aic", "abic") & !is.na(rec$k), , drop = FALSE]
  out <- tr("verdict_bic", lang, kb)
  if (nrow(others) == 0L) return(paste0(out, "."))
  others$index <- index_short(others$index, lang)
  agree <- others$index[others$k == kb]
  differ <- others[others$k != kb, , drop = FALSE]
  parts <- c(if (length(agree)) tr(if (length(agree) == 1L) "verdict_agrees" else "verdict_agree",
                                   lang, paste(agree, collapse = tr("and", lang))),
             if (nrow(differ)) sprintf("%s: k = %d", differ$index, differ$k))
  sprintf("%s (%s).", out, paste(parts, collapse = "; "))
}

scan_verdict <- function(rec, lang = "en") {
  rec <- rec[!is.na(rec$k), , drop = FALSE]
  rec$index <- index_short(rec$index, lang)
  if (nrow(rec) == 0L) return(tr("verdict_none", lang))
  if (nrow(rec) == 1L) {
    return(tr("verdict_only", lang, rec$index, rec$k))
  }
  votes <- sort(table(rec$k), decreasing = TRUE)
  top <- as.integer(names(votes)[1])
  agree <- rec$index[rec$k == top]
  others <- rec[rec$k != top, , drop = FALSE]
  if (nrow(others) == 0L) {
    return(tr("verdict_all", lang, nrow(rec), top))
  }
  if (length(votes) > 1L && votes[[1]] == votes[[2]]) {
    groups <- vapply(names(votes), function(kk)
      sprintf("k = %s (%s)", kk, paste(rec$index[rec$k == as.integer(kk)], collapse = ", ")),
      character(1))
    return(tr("verdict_disagree", lang, paste(groups, collapse = "; ")))
  }
  dissent <- vapply(split(others$index, others$k), paste, character(1), collapse = ", ")
  tr("verdict_majority", lang, length(agree), nrow(rec), top, paste(agree, collapse = ", "),
     paste(sprintf("%s: k = %s", dissent, names(dissent)), collapse = "; "))
}

# The verdict of a scan in `lang` (the stored `verdict` is English).
scan_verdict_text <- function(x, lang = "en") {
  rec <- x$recommended
  if (identical(x$method, "lca") && "bic" %in% rec$index) lca_verdict(rec, lang)
  else scan_verdict(rec, lang)
}

# The k most indices recommend (ties: the smaller k); NA when none does.
scan_consensus_k <- function(rec) {
  k <- rec$k[!is.na(rec$k)]
  if (!length(k)) return(NA_integer_)
  votes <- table(k)
  as.integer(names(votes)[votes == max(votes)][1])
}
