# Steckbriefe as self-contained HTML: the cards in one <div> with their own
# CSS (inst/steckbrief/steckbrief.css, every rule scoped to the cards) and
# each chart as an embedded PNG (a data: URI), so nothing is fetched from
# elsewhere; print CSS puts one card on one A4 page.

html_escape <- function(x) {
  x <- gsub("&", "&amp;", x, fixed = TRUE)
  x <- gsub("<", "&lt;", x, fixed = TRUE)
  x <- gsub(">", "&gt;", x, fixed = TRUE)
  gsub("\"", "&quot;", x, fixed = TRUE)
}

steckbrief_css <- function() {
  path <- system.file("steckbrief", "steckbrief.css", package = "typfrage")
  paste(readLines(path, encoding = "UTF-8", warn = FALSE), collapse = "\n")
}

# A table with a header row; `num`: which columns hold numbers (right-aligned).
html_table <- function(header, rows, num = integer()) {
  rows <- matrix(as.character(rows), ncol = length(header))
  cls <- ifelse(seq_along(header) %in% num, ' class="tf-num"', "")
  c('<table class="tf-table">',
    paste0("<thead><tr>", paste0("<th", cls, ">", html_escape(header), "</th>", collapse = ""),
           "</tr></thead>"),
    "<tbody>",
    apply(rows, 1, function(r) paste0("<tr>", paste0("<td", cls, ">", html_escape(r), "</td>",
                                                     collapse = ""), "</tr>")),
    "</tbody>", "</table>")
}

# The cards, in one <div class="typfrage-steckbriefe"> with their style.
cards_html <- function(x, lang, overview = FALSE, dpi = 150) {
  c('<div class="typfrage-steckbriefe">', "<style>", steckbrief_css(), "</style>",
    if (isTRUE(overview)) overview_html(x, lang),
    unlist(lapply(x$cards, card_html, x = x, lang = lang, dpi = dpi)), "</div>")
}

card_html <- function(card, x, lang = "en", dpi = 150) {
  p <- function(text, cls) if (length(text) && nzchar(text))
    paste0('<p class="', cls, '">', html_escape(text), "</p>")
  section <- function(key) paste0('<h4 class="tf-section">', html_escape(tr(key, lang)), "</h4>")
  item_table <- function(df) {
    if (!nrow(df)) return(p(tr("none_paren", lang), "tf-note"))
    head <- item_header(lang, !is.null(df$p_top))
    html_table(head, card_item_rows(df, lang), num = seq_along(head)[-1])
  }
  out <- c(sprintf('<section class="tf-card" style="--tf-colour: %s;">', card$colour),
           paste0('<h3 class="tf-title">', html_escape(card_title(card, lang)), "</h3>"),
           p(size_text(card, lang), "tf-size"),
           p(card_headline(card, lang), "tf-headline"), p(card_text(card, lang), "tf-text"),
           '<figure class="tf-chart">', chart_img(card, lang, dpi), "</figure>",
           section("sb_more"), item_table(card$high), section("sb_less"), item_table(card$low))
  if (nrow(card$covariates) || nrow(card$not_testable)) {
    out <- c(out, section("sb_covariates"),
             if (nrow(card$covariates))
               html_table(finding_header(lang), finding_rows(card$covariates, lang), num = c(3, 4, 6)),
             p(not_testable_text(card, lang), "tf-note"), p(covariate_rule_text(card, lang), "tf-note"))
  }
  c(out, section("sb_stability"), p(stability_text(card, lang), "tf-text"),
    section("sb_typical"), '<ul class="tf-members">',
    paste0("<li>", html_escape(typical_lines(card, lang)), "</li>"), "</ul>",
    '<footer class="tf-foot">', paste0("<p>", html_escape(footer_lines(x, lang)), "</p>"),
    "</footer>", "</section>")
}

# The chart as an <img> with the PNG in a data: URI.
chart_img <- function(card, lang, dpi = 150) {
  path <- tempfile(fileext = ".png")
  on.exit(unlink(path), add = TRUE)
  h <- card_chart_height(card) + 0.3
  grDevices::png(path, width = 7, height = h, units = "in", res = dpi, type = png_type())
  tryCatch(print(card_chart(card, lang, base_size = 10)), finally = grDevices::dev.off())
  bytes <- readBin(path, "raw", file.info(path)$size)
  sprintf('<img src="data:image/png;base64,%s" alt="%s" width="672">', base64_encode(bytes),
          html_escape(tr("sb_chart_alt", lang, card$name)))
}

# Base64 (RFC 4648) of a raw vector.
base64_encode <- function(bytes) {
  chars <- c(LETTERS, letters, 0:9, "+", "/")
  n <- length(bytes)
  pad <- (3 - n %% 3) %% 3
  v <- as.integer(c(bytes, as.raw(rep(0, pad))))
  m <- matrix(v, nrow = 3)
  triple <- m[1, ] * 65536 + m[2, ] * 256 + m[3, ]
  idx <- rbind(triple %/% 262144, (triple %/% 4096) %% 64, (triple %/% 64) %% 64, triple %% 64)
  out <- chars[as.vector(idx) + 1]
  if (pad) out[(length(out) - pad + 1):length(out)] <- "="
  paste(out, collapse = "")
}

overview_html <- function(x, lang) {
  col <- function(card) {
    li <- function(labels, sign) if (length(labels))
      paste0("<li>", sign, " ", html_escape(labels), "</li>", collapse = "")
    c(sprintf('<div class="tf-col" style="--tf-colour: %s;">', card$colour),
      paste0("<h4>", html_escape(card$name), "</h4>"),
      paste0("<p><strong>", fmt_pct(card$share$estimate, 0, lang), "</strong> ",
             html_escape(card_headline(card, lang)), "</p>"),
      paste0("<ul>", li(card$high$label, "+"), li(card$low$label, "&minus;"), "</ul>"), "</div>")
  }
  c(paste0('<h3 class="tf-title">', html_escape(tr("sb_overview_title", lang)), "</h3>"),
    '<div class="tf-overview">', unlist(lapply(x$cards, col)), "</div>")
}

# A complete HTML page of the cards.
write_html_page <- function(text, file, lang) {
  page <- c("<!DOCTYPE html>", sprintf('<html lang="%s">', lang), "<head>",
            '<meta charset="utf-8">',
            paste0("<title>", html_escape(tr("sb_cards_title", lang)), "</title>"),
            "<style>body { max-width: 50em; margin: 2em auto; padding: 0 1em; }</style>",
            "</head>", "<body>", enc2utf8(as.character(text)), "</body>", "</html>")
  writeLines(enc2utf8(page), file, useBytes = TRUE)
  invisible(file)
}
