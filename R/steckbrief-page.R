# Steckbriefe as pages: the profile chart (ggplot2) and the A4 page of a card
# (grid), drawn on R's own cairo_pdf() (one page per card) or png() device.
# The HTML cards embed the chart drawn here (R/steckbrief-html.R).

# The chart: the type mean minus the overall mean of every item in overall
# SDs (z), with the bootstrap intervals of the type mean on the same scale,
# in the type's colour; items in the codebook's order, labels wrapped.
card_chart <- function(card, lang = "en", base_size = 10) {
  pr <- card$profile
  pr <- pr[!is.na(pr$z), , drop = FALSE]
  labs <- make.unique(pr$label, sep = " ")
  pr$item_label <- factor(labs, levels = rev(labs))
  pr$zl <- (pr$lower - pr$overall) / pr$sd_overall
  pr$zu <- (pr$upper - pr$overall) / pr$sd_overall
  iv <- pr[is.finite(pr$zl) & is.finite(pr$zu), , drop = FALSE]
  caption <- NULL
  if (nrow(iv) && !is.null(card$stability)) {
    caption <- tr("sb_chart_interval", lang, fmt_pct(card$stability$level, 0, lang),
                  as.integer(card$stability$B), resample_label(card$stability$resample, lang))
  }
  p <- ggplot2::ggplot(pr, ggplot2::aes(x = .data$z, y = .data$item_label)) +
    ggplot2::geom_vline(xintercept = 0, colour = "grey55") +
    ggplot2::geom_col(fill = card$colour, alpha = 0.35, width = 0.7, orientation = "y")
  if (nrow(iv)) {
    p <- p + ggplot2::geom_errorbar(data = iv, ggplot2::aes(xmin = .data$zl, xmax = .data$zu),
                                    width = 0.3, colour = "grey25", orientation = "y")
  }
  p + ggplot2::geom_point(colour = card$colour, size = 2.4) +
    ggplot2::scale_x_continuous(labels = label_num(lang)) +
    ggplot2::scale_y_discrete(labels = scales::label_wrap(38)) +
    ggplot2::labs(x = tr("sb_chart_x", lang), y = NULL, caption = wrap_text(caption, 90)) +
    theme_typfrage() +
    ggplot2::theme(text = ggplot2::element_text(size = base_size),
                   panel.grid.major.y = ggplot2::element_blank(),
                   plot.margin = ggplot2::margin(2, 8, 2, 2))
}

# Write the cards: one A4 page per card in a PDF, or one PNG per card.
steckbrief_pages <- function(x, file, format, lang = NULL, overview = FALSE, dpi = 150) {
  lang <- typfrage_lang(lang)
  a4 <- c(8.27, 11.69)
  if (format == "pdf") {
    grDevices::cairo_pdf(file, width = a4[1], height = a4[2], onefile = TRUE)
    on.exit(grDevices::dev.off(), add = TRUE)
    if (overview) draw_overview(x, lang)
    for (card in x$cards) draw_card_page(card, x, lang)
    return(file)
  }
  stem <- sub("\\.png$", "", file, ignore.case = TRUE)
  files <- if (length(x$cards) == 1L) paste0(stem, ".png") else
    paste0(stem, "-", vapply(x$cards, `[[`, 1L, "type"), ".png")
  for (i in seq_along(x$cards)) {
    grDevices::png(files[i], width = a4[1], height = a4[2], units = "in", res = dpi,
                   type = png_type())
    tryCatch(draw_card_page(x$cards[[i]], x, lang), finally = grDevices::dev.off())
  }
  if (overview) {
    files <- c(files, paste0(stem, "-overview.png"))
    grDevices::png(files[length(files)], width = a4[2], height = a4[1], units = "in",
                   res = dpi, type = png_type())
    tryCatch(draw_overview(x, lang), finally = grDevices::dev.off())
  }
  files
}

png_type <- function() if (isTRUE(capabilities("cairo"))) "cairo" else getOption("bitmapType")

# Words wrapped to the width (inches) they may take in font `gp`: measured
# with the open device's fonts.
grid_wrap <- function(text, width, gp) {
  if (!length(text) || !nzchar(paste(text, collapse = ""))) return(character())
  unlist(lapply(text, function(par) {
    words <- strsplit(par, " ", fixed = TRUE)[[1]]
    lines <- character()
    cur <- ""
    for (w in words) {
      try <- if (nzchar(cur)) paste(cur, w) else w
      wd <- grid::convertWidth(grid::grobWidth(grid::textGrob(try, gp = gp)), "in", TRUE)
      if (wd > width && nzchar(cur)) {
        lines <- c(lines, cur)
        cur <- w
      } else {
        cur <- try
      }
    }
    c(lines, cur)
  }))
}

# Draw text lines from the top `y` (inches from the page's top) at `x`;
# returns the y below them.
grid_lines <- function(lines, x, y, gp, page_h, lead = 1.25) {
  if (!length(lines)) return(y)
  h <- (gp$fontsize %||% 10) / 72 * lead
  for (i in seq_along(lines)) {
    grid::grid.text(lines[i], x = grid::unit(x, "in"), y = grid::unit(page_h - y - (i - 1) * h, "in"),
                    just = c("left", "top"), gp = gp)
  }
  y + length(lines) * h
}

# A table: header row in bold, first column wraps within its share of `width`.
grid_table <- function(header, rows, x, y, width, gp, page_h, first = 0.45, widths = NULL) {
  rows <- matrix(as.character(rows), ncol = length(header))
  nc <- length(header)
  widths <- (widths %||% c(first, rep((1 - first) / (nc - 1), nc - 1))) * width
  lefts <- x + c(0, cumsum(widths)[-nc])
  h <- gp$fontsize / 72 * 1.3
  draw_row <- function(r, y, bold) {
    g <- grid::gpar(fontsize = gp$fontsize, fontface = if (bold) "bold" else "plain",
                    col = if (bold) "grey20" else "black")
    cells <- lapply(seq_len(nc), function(j) grid_wrap(r[j], widths[j] - 0.08, g))
    n <- max(1L, lengths(cells))
    for (j in seq_len(nc)) grid_lines(cells[[j]], lefts[j], y + 0.03, g, page_h, 1.3)
    y2 <- y + n * h + 0.04
    grid::grid.lines(grid::unit(c(x, x + width), "in"), grid::unit(page_h - y2, "in"),
                     gp = grid::gpar(col = "grey80", lwd = 0.6))
    y2
  }
  y <- draw_row(header, y, TRUE)
  for (i in seq_len(nrow(rows))) y <- draw_row(rows[i, ], y, FALSE)
  y
}

# One card on one page.
draw_card_page <- function(card, x, lang) {
  grid::grid.newpage()
  page_w <- grid::convertWidth(grid::unit(1, "npc"), "in", TRUE)
  page_h <- grid::convertHeight(grid::unit(1, "npc"), "in", TRUE)
  m <- 0.6
  w <- page_w - 2 * m
  # header band in the type's colour
  grid::grid.rect(x = 0, y = grid::unit(page_h - 1.25, "in"), width = 1,
                  height = grid::unit(1.25, "in"), just = c("left", "bottom"),
                  gp = grid::gpar(fill = card$colour, col = NA))
  y <- grid_lines(card_title(card, lang), m, 0.28,
                  grid::gpar(fontsize = 22, fontface = "bold", col = "white"), page_h)
  y <- grid_lines(grid_wrap(size_text(card, lang), w, grid::gpar(fontsize = 11)), m, y + 0.08,
                  grid::gpar(fontsize = 11, col = "white"), page_h)
  g_head <- grid::gpar(fontsize = 13, fontface = "bold")
  g_body <- grid::gpar(fontsize = 9.5)
  y <- grid_lines(grid_wrap(card_headline(card, lang), w, g_head), m, 1.45, g_head, page_h)
  y <- grid_lines(grid_wrap(card_text(card, lang), w, g_body), m, y + 0.05, g_body, page_h)
  # the chart
  chart_h <- card_chart_height(card)
  vp <- grid::viewport(x = grid::unit(m, "in"), y = grid::unit(page_h - y - 0.1, "in"),
                       width = grid::unit(w, "in"), height = grid::unit(chart_h, "in"),
                       just = c("left", "top"))
  print(card_chart(card, lang, base_size = 8.5), vp = vp, newpage = FALSE)
  y <- y + 0.15 + chart_h
  g_sec <- grid::gpar(fontsize = 10.5, fontface = "bold", col = card$colour)
  g_tab <- grid::gpar(fontsize = 8.5)
  # what it prioritises more and less, side by side
  half <- (w - 0.3) / 2
  ys <- vapply(1:2, function(i) {
    df <- list(card$high, card$low)[[i]]
    left <- m + (i - 1) * (half + 0.3)
    y1 <- grid_lines(tr(c("sb_more", "sb_less")[i], lang), left, y + 0.1, g_sec, page_h)
    if (!nrow(df)) return(grid_lines(tr("none_paren", lang), left, y1, g_tab, page_h))
    # short headings on the page: item, in type, overall, d (, P(top))
    head <- tr_or(paste0("sb_col_", c("item", "in_type", "all", "d_short",
                                      if (!is.null(df$p_top)) "ptop_short")), lang)
    grid_table(head, card_item_rows(df, lang), left, y1, half, g_tab, page_h,
               widths = if (length(head) > 4) c(0.28, 0.16, 0.2, 0.15, 0.21)
                        else c(0.36, 0.19, 0.27, 0.18))
  }, 1)
  y <- max(ys)
  y <- grid_lines(tr("sb_covariates", lang), m, y + 0.1, g_sec, page_h)
  if (nrow(card$covariates)) {
    y <- grid_table(finding_header(lang), finding_rows(card$covariates, lang), m, y, w,
                    g_tab, page_h, widths = c(0.22, 0.27, 0.09, 0.09, 0.23, 0.1))
  } else if (!nrow(card$not_testable)) {
    y <- grid_lines(tr("none_paren", lang), m, y, g_tab, page_h)
  }
  small <- grid::gpar(fontsize = 7.5, col = "grey30")
  y <- grid_lines(grid_wrap(c(not_testable_text(card, lang), covariate_rule_text(card, lang)),
                            w, small), m, y + 0.03, small, page_h)
  # stability and typical members, side by side
  y1 <- grid_lines(tr("sb_stability", lang), m, y + 0.1, g_sec, page_h)
  y1 <- grid_lines(grid_wrap(stability_text(card, lang), half, g_tab), m, y1, g_tab, page_h)
  y2 <- grid_lines(tr("sb_typical", lang), m + half + 0.3, y + 0.1, g_sec, page_h)
  grid_lines(grid_wrap(typical_lines(card, lang), half, g_tab), m + half + 0.3, y2, g_tab, page_h)
  foot <- grid_wrap(footer_lines(x, lang), w, small)
  grid::grid.lines(grid::unit(c(m, m + w), "in"),
                   grid::unit(0.45 + length(foot) * 7.5 / 72 * 1.25 + 0.08, "in"),
                   gp = grid::gpar(col = "grey75", lwd = 0.6))
  grid_lines(foot, m, page_h - 0.45 - length(foot) * 7.5 / 72 * 1.25, small, page_h)
  invisible()
}

# The height of the chart (inches): by the number of items, at most 3.4.
card_chart_height <- function(card) min(3.4, 0.9 + 0.2 * nrow(card$profile))

# The types side by side (landscape A4): share, headline, what each
# prioritises more and less.
draw_overview <- function(x, lang) {
  grid::grid.newpage()
  page_w <- grid::convertWidth(grid::unit(1, "npc"), "in", TRUE)
  page_h <- grid::convertHeight(grid::unit(1, "npc"), "in", TRUE)
  m <- 0.5
  grid_lines(tr("sb_overview_title", lang), m, 0.4, grid::gpar(fontsize = 20, fontface = "bold"),
             page_h)
  k <- length(x$cards)
  gap <- 0.2
  cw <- (page_w - 2 * m - (k - 1) * gap) / k
  g <- grid::gpar(fontsize = 9)
  for (i in seq_len(k)) {
    card <- x$cards[[i]]
    left <- m + (i - 1) * (cw + gap)
    grid::grid.rect(x = grid::unit(left, "in"), y = grid::unit(page_h - 1.0, "in"),
                    width = grid::unit(cw, "in"), height = grid::unit(0.75, "in"),
                    just = c("left", "top"), gp = grid::gpar(fill = card$colour, col = NA))
    gw <- grid::gpar(fontsize = 13, fontface = "bold", col = "white")
    name_w <- grid::convertWidth(grid::grobWidth(grid::textGrob(card$name, gp = gw)), "in", TRUE)
    if (name_w > cw - 0.2) gw$fontsize <- max(7, 13 * (cw - 0.2) / name_w)
    y <- grid_lines(grid_wrap(card$name, cw - 0.2, gw), left + 0.1, 1.08, gw, page_h)
    y <- grid_lines(fmt_pct(card$share$estimate, 0, lang), left + 0.1, y,
                    grid::gpar(fontsize = 11, col = "white"), page_h)
    gh <- grid::gpar(fontsize = 10, fontface = "bold")
    y <- grid_lines(grid_wrap(card_headline(card, lang), cw, gh), left, 1.95, gh, page_h)
    gs <- grid::gpar(fontsize = 9.5, fontface = "bold", col = card$colour)
    y <- grid_lines(grid_wrap(tr("sb_more", lang), cw, gs), left, y + 0.15, gs, page_h)
    y <- grid_lines(grid_wrap(paste("+", card$high$label), cw, g), left, y, g, page_h)
    y <- grid_lines(grid_wrap(tr("sb_less", lang), cw, gs), left, y + 0.15, gs, page_h)
    grid_lines(grid_wrap(paste("-", card$low$label), cw, g), left, y, g, page_h)
  }
  small <- grid::gpar(fontsize = 8, col = "grey30")
  foot <- grid_wrap(footer_lines(x, lang), page_w - 2 * m, small)
  grid_lines(foot, m, page_h - 0.4 - length(foot) * 8 / 72 * 1.25, small, page_h)
  invisible()
}
