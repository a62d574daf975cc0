# The typology_scan class of scan_k(): constructor, print, summary,
# as.data.frame and tidy (plots in R/plots-scan.R).

new_typology_scan <- function(x) {
  structure(x, class = "typology_scan")
}

#' @export
print.typology_scan <- function(x, digits = 3, ..., lang = NULL) {
  lang <- typfrage_lang(lang)
  cli::cat_line(tr("scan_header", lang, method_label(x$method, lang), paste(range(x$k), collapse = ".."),
                   fmt_int(x$n, lang),
                   if (any(x$indices$index %in% c("gap", "ps"))) sprintf(", B = %d", x$B) else ""))
  wide <- typology_scan_wide(x, digits, lang)
  names(wide) <- index_short(names(wide), lang)
  print(wide, row.names = FALSE, right = TRUE)
  rec <- x$recommended[!is.na(x$recommended$k), , drop = FALSE]
  if (nrow(rec)) {
    cli::cat_line(tr("scan_recommended_line", lang,
                     paste(sprintf("%s %d", index_short(rec$index, lang), rec$k), collapse = ", ")))
  }
  cli::cat_line(scan_verdict_text(x, lang))
  invisible(x)
}

# One row per k, one column per index ("value (se)" where an se exists).
typology_scan_wide <- function(x, digits = 3, lang = "en") {
  tab <- x$indices
  ks <- sort(unique(tab$k))
  out <- data.frame(k = ks)
  for (idx in unique(tab$index)) {
    d <- tab[tab$index == idx, ]
    v <- fmt_num(d$value, digits, lang)
    if (idx == "wss") {
      v <- formatC(d$value, digits = max(digits, 4), format = "g")
      if (identical(lang, "de")) v <- chartr(".", ",", v)
    }
    has_se <- !is.na(d$se)
    v[has_se] <- paste0(v[has_se], " (", fmt_num(d$se[has_se], digits, lang), ")")
    rec <- x$recommended$k[x$recommended$index == idx]
    v <- paste0(v, ifelse(!is.na(rec) & d$k == rec, "*", " "))
    col <- rep("", length(ks))
    col[match(d$k, ks)] <- v
    out[[idx]] <- col
  }
  out
}

#' @export
summary.typology_scan <- function(object, ...) {
  structure(list(recommended = object$recommended, verdict = object$verdict,
                 method = object$method, k = object$k, n = object$n, B = object$B,
                 gap_rule = object$gap_rule, ps_cutoff = object$ps_cutoff),
            class = "summary.typology_scan")
}

#' @export
print.summary.typology_scan <- function(x, ..., lang = NULL) {
  lang <- typfrage_lang(lang)
  cli::cat_line(tr("summary_scan_header", lang, paste(range(x$k), collapse = ".."),
                   method_label(x$method, lang),
                   fmt_int(x$n, lang)))
  rec <- x$recommended
  rec$rule[rec$index == "gap"] <- x$gap_rule
  rec$rule[rec$index == "ps"] <- tr("scan_ps_rule", lang, fmt_num(x$ps_cutoff, 2, lang))
  if (identical(lang, "de")) {
    rec$label <- tr_or(paste0("index_", rec$index), lang, rec$label)
    keep <- !rec$index %in% c("gap", "ps")
    rec$rule[keep] <- tr_or(paste0("rule_", rec$index[keep]), lang, rec$rule[keep])
    rec$index <- index_short(rec$index, lang)
    rec$k <- ifelse(is.na(rec$k), "-", as.character(rec$k))
    names(rec) <- tr_or(paste0("col_", sub("^label$", "index_label", names(rec))), lang, names(rec))
  }
  print(rec, row.names = FALSE)
  cli::cat_line(scan_verdict_text(x, lang))
  invisible(x)
}

#' @export
as.data.frame.typology_scan <- function(x, row.names = NULL, optional = FALSE, ...) {
  x$indices
}

#' @export
tidy.typology_scan <- function(x, ...) {
  x$indices
}
