# Steckbriefe as text: the console (long labels wrapped, never cut) and
# markdown (pipe tables, which pandoc turns into real tables in HTML, Word
# and PDF). Both read the cards' description (R/steckbrief-card.R) and words
# (R/steckbrief-words.R).

#' @export
format.typology_steckbrief <- function(x, format = c("console", "markdown", "html"),
                                       ..., lang = NULL, overview = FALSE, dpi = 150,
                                       width = NULL) {
  format <- check_choice(format)
  lang <- typfrage_lang(lang)
  width <- width %||% print_width()
  if (format == "html") return(cards_html(x, lang, overview = overview, dpi = dpi))
  fun <- switch(format, console = function(card) card_console(card, x, lang, width),
                markdown = function(card) card_markdown(card, x, lang))
  lines <- unlist(lapply(seq_along(x$cards), function(i) {
    c(if (i > 1) "", fun(x$cards[[i]]))
  }))
  if (isTRUE(overview) && format == "markdown") lines <- c(overview_markdown(x, lang), "", lines)
  lines
}

#' @export
print.typology_steckbrief <- function(x, ..., lang = NULL) {
  cli::cat_line(format.typology_steckbrief(x, format = "console", lang = lang, ...))
  invisible(x)
}

#' @export
print.typology_steckbrief_text <- function(x, ...) {
  cat(x, "\n", sep = "")
  invisible(x)
}

# Text wrapped to `width` columns, continuation lines indented by `indent`.
wrap_lines <- function(x, width, indent = 0L, exdent = indent) {
  unlist(lapply(x, function(s) strwrap(s, width = width, indent = indent, exdent = exdent)))
}

# An aligned text table that fits `width` columns: the text columns `wrap`
# wrap their cells (never cut), widest first; the others keep their width.
text_table <- function(header, rows, width, indent = 2L, wrap = 1L) {
  rows <- matrix(as.character(rows), ncol = length(header))
  all <- rbind(header, rows)
  w <- apply(all, 2, function(v) max(nchar(v, type = "width")))
  avail <- width - indent - 2L * (length(header) - 1L)
  # a column wraps down to its longest word
  minw <- apply(all, 2, function(v) max(nchar(unlist(strsplit(v, " ")), type = "width"), 1L))
  while (sum(w) > avail) {
    can <- wrap[w[wrap] > minw[wrap]]
    if (!length(can)) break
    j <- can[which.max(w[can])]
    w[j] <- w[j] - 1L
  }
  left <- seq_along(header) %in% wrap
  pad <- function(s, n, left) {
    gap <- strrep(" ", pmax(0, n - nchar(s, type = "width")))
    if (left) paste0(s, gap) else paste0(gap, s)
  }
  one <- function(r) {
    cells <- lapply(seq_along(r), function(j) {
      if (!left[j]) return(r[j])
      out <- strwrap(r[j], width = w[j] + 1L)
      if (length(out)) out else ""
    })
    n <- max(lengths(cells))
    vapply(seq_len(n), function(i) {
      paste(vapply(seq_along(cells), function(j) pad(c(cells[[j]], rep("", n))[i], w[j], left[j]), ""),
            collapse = "  ")
    }, "")
  }
  out <- unlist(lapply(seq_len(nrow(all)), function(i) one(all[i, ])))
  paste0(strrep(" ", indent), sub("\\s+$", "", out))
}

# The rows of a card's item table, as text.
card_item_rows <- function(df, lang, escape = identity) {
  num <- function(v) fmt_num(v, 2, lang)
  out <- cbind(escape(df$label), num(df$mean), num(df$overall), fmt_signed(df$d, 2, lang))
  if (!is.null(df$p_top)) out <- cbind(out, num(df$p_top))
  out
}

item_header <- function(lang, p_top = FALSE) {
  tr_or(paste0("sb_col_", c("item", "type_mean", "overall", "d", if (p_top) "ptop")), lang)
}

card_console <- function(card, x, lang = "en", width = 80L) {
  wrap <- function(s, indent = 0L) wrap_lines(s, width, indent)
  out <- c(cli::rule(left = card_title(card, lang), width = width),
           wrap(paste0(tr("sb_size", lang), ": ", size_text(card, lang))),
           wrap(card_headline(card, lang)), wrap(card_text(card, lang), 2L))
  items <- function(df, key) {
    c(paste0(tr(key, lang), ":"),
      if (!nrow(df)) paste0("  ", tr("none_paren", lang))
      else text_table(item_header(lang, !is.null(df$p_top)), card_item_rows(df, lang), width))
  }
  out <- c(out, items(card$high, "sb_more"), items(card$low, "sb_less"))
  if (nrow(card$covariates) || nrow(card$not_testable)) {
    out <- c(out, paste0(tr("sb_covariates", lang), ":"))
    if (nrow(card$covariates)) {
      out <- c(out, text_table(finding_header(lang), finding_rows(card$covariates, lang), width,
                                 wrap = c(1L, 2L, 5L)))
    }
    out <- c(out, wrap(not_testable_text(card, lang), 2L))
  }
  out <- c(out, wrap(paste0(tr("sb_stability", lang), ": ", stability_text(card, lang))),
           paste0(tr("sb_typical", lang), ":"), wrap(typical_lines(card, lang), 2L),
           wrap(footer_lines(x, lang)))
  out
}

md_escape <- function(x) gsub("([|*_`\\\\<>])", "\\\\\\1", x)

md_table <- function(header, rows, align) {
  rows <- matrix(rows, ncol = length(header))
  c(paste0("| ", paste(header, collapse = " | "), " |"),
    paste0("|", paste(ifelse(align == "l", ":---", "---:"), collapse = "|"), "|"),
    apply(rows, 1, function(r) paste0("| ", paste(r, collapse = " | "), " |")))
}

card_markdown <- function(card, x, lang = "en") {
  bold <- function(key) paste0("**", tr(key, lang), "**")
  out <- c(paste("###", md_escape(card_title(card, lang))), "",
           paste0(bold("sb_size"), ": ", md_escape(size_text(card, lang))), "",
           paste0("**", md_escape(card_headline(card, lang)), "** ",
                  md_escape(card_text(card, lang))), "")
  item_table <- function(df, key) {
    c(bold(key), "",
      if (!nrow(df)) c(tr("none_paren", lang), "") else {
        head <- item_header(lang, !is.null(df$p_top))
        c(md_table(head, card_item_rows(df, lang, md_escape),
                   c("l", rep("r", length(head) - 1L))), "")
      })
  }
  out <- c(out, item_table(card$high, "sb_more"), item_table(card$low, "sb_less"))
  if (nrow(card$covariates) || nrow(card$not_testable)) {
    out <- c(out, bold("sb_covariates"), "")
    if (nrow(card$covariates)) {
      rows <- finding_rows(card$covariates, lang)
      rows[, 1:2] <- md_escape(rows[, 1:2])
      out <- c(out, md_table(finding_header(lang), rows, c("l", "l", "r", "r", "l", "r")), "")
    }
    nt <- not_testable_text(card, lang)
    if (!is.null(nt)) out <- c(out, md_escape(nt), "")
  }
  c(out, paste0(bold("sb_stability"), ": ", md_escape(stability_text(card, lang))), "",
    paste0(bold("sb_typical"), ": ", md_escape(paste(typical_lines(card, lang), collapse = "; "))), "",
    paste0("*", md_escape(footer_lines(x, lang)), "*", collapse = "\n\n"), "")
}

# The overview in markdown: one row per type.
overview_markdown <- function(x, lang) {
  rows <- t(vapply(x$cards, function(card) {
    c(md_escape(card_title(card, lang)), fmt_pct(card$share$estimate, 0, lang),
      md_escape(card_headline(card, lang)))
  }, character(3)))
  c(paste("##", tr("sb_overview_title", lang)), "",
    md_table(c(tr("type", lang), tr("sb_size", lang), tr("sb_profile", lang)), rows,
             c("l", "r", "l")))
}
