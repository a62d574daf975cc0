test_that("a type has the same colour in every plot of one fit", {
  ob <- plot_objects()
  labs <- ob$fit$type_names
  cols <- type_colours(ob$fit)
  expect_equal(names(cols), labs)
  expect_equal(unname(cols), c("#E69F00", "#56B4E9", "#009E73"))
  plots <- list(
    dendrogram = autoplot(ob$fit),
    profile = autoplot(ob$prof),
    intervals = autoplot(ob$prof, stability = ob$st),
    heatmap = autoplot(ob$prof, type = "heatmap"),
    map = autoplot(ob$prof, type = "map"),
    covariate = autoplot(ob$prof, type = "covariate", covariate = "area"),
    silhouette = autoplot(ob$sil),
    jaccard = autoplot(ob$st),
    shares = autoplot(ob$st, type = "shares"),
    flow = autoplot(ob$scan, type = "flow", fit = ob$fit)
  )
  for (nm in names(plots)) {
    got <- built_type_colours(plots[[nm]], labs)
    expect_true(length(got) > 0, label = paste(nm, "has a scale of the types"))
    for (g in got) expect_equal(toupper(unname(g)), unname(cols), label = nm)
  }
  # the colours in the built data of the profile lines
  b <- ggplot2::ggplot_build(plots$profile)
  pts <- b$data[[length(b$data)]]
  expect_setequal(unique(pts$colour), unname(cols))
})

test_that("type_colours<- sets the colours once for every later result", {
  fit <- as_typology(USArrests, usarrests_partition(3))
  type_colours(fit) <- c("red", "navy", "#00AA00")
  cols <- c("#FF0000", "#000080", "#00AA00")
  expect_equal(unname(type_colours(fit)), cols)
  prof <- profiles(fit)
  expect_equal(unname(type_colours(prof)), cols)
  got <- built_type_colours(autoplot(prof), type_labels(fit))
  expect_equal(unname(got$colour), cols)
  sil <- silhouette_widths(fit)
  expect_equal(unname(type_colours(sil)), cols)
  # named by the types, in any order
  type_colours(fit) <- c(`Type 3` = "black", `Type 1` = "white", `Type 2` = "grey50")
  expect_equal(unname(type_colours(fit)), c("#FFFFFF", "#7F7F7F", "#000000"))
  type_colours(fit) <- NULL
  expect_equal(unname(type_colours(fit)), c("#E69F00", "#56B4E9", "#009E73"))
  expect_snapshot(error = TRUE, {
    type_colours(fit) <- c("red", "blue")
    type_colours(fit) <- c("red", "blue", "nocolour")
  })
})

test_that("the scan plot marks the recommended k in a second colour on every panel", {
  ob <- plot_objects()
  p <- autoplot(ob$scan)
  b <- ggplot2::ggplot_build(p)
  pts <- b$data[[which(vapply(b$plot$layers, function(l) inherits(l$geom, "GeomPoint"),
                              logical(1)))]]
  rec <- ob$scan$recommended
  rec <- rec[!is.na(rec$k), ]
  panels <- levels(b$plot$data$panel)
  expect_equal(length(unique(pts$PANEL)), length(panels))
  for (i in seq_along(panels)) {
    on <- pts[pts$PANEL == i, ]
    marked <- on[on$colour == "#D55E00", ]
    expect_equal(nrow(marked), 1L, label = paste("marked points on", panels[i]))
    idx <- unique(b$plot$data$index[b$plot$data$panel == panels[i]])
    expect_equal(marked$x, rec$k[rec$index == idx])
    expect_true(all(on$colour[on$colour != "#D55E00"] == "grey20"))
  }
})

test_that("autoplot() never ignores an argument", {
  ob <- plot_objects()
  expect_error(autoplot(ob$st, what = "shares"), class = "typfrage_error_plot_argument")
  expect_error(autoplot(ob$prof, plot = "heatmap"), class = "typfrage_error_plot_argument")
  expect_error(autoplot(ob$fit, labels = c(Murder = "M")), class = "typfrage_error_plot_argument")
  expect_error(autoplot(ob$sil, bogus = 1), class = "typfrage_error_plot_argument")
  expect_error(autoplot(ob$scan, fit = ob$fit), class = "typfrage_error_plot_argument")
  expect_error(autoplot(agreement(1:4, c(1, 1, 2, 2)), 1), class = "typfrage_error_plot_argument")
  expect_snapshot(error = TRUE, {
    autoplot(ob$st, what = "shares")
    autoplot(ob$sil, bogus = 1, 2)
  })
  # the argument is used: shares, not Jaccard
  expect_s3_class(autoplot(ob$st, type = "shares")$layers[[1]]$geom, "GeomErrorbar")
  # the codebook reaches the profile plot of a typology
  g <- autoplot(ob$fit, type = "profile", labels = c(Murder = "Murder arrests"))
  expect_true("Murder arrests" %in% levels(g$data$item_label))
})

test_that("plots name the types, not their numbers, in both languages", {
  ob <- plot_objects()
  labs <- ob$fit$type_names
  sil <- autoplot(ob$sil, lang = "de")
  expect_equal(levels(sil$data$type_label), labs)
  ticks <- sil$scales$get_scales("x")$labels
  expect_true(all(vapply(labs, function(l) any(startsWith(ticks, l)), logical(1))))
  flow <- autoplot(ob$scan, type = "flow", fit = ob$fit)
  expect_setequal(as.character(flow$layers[[3]]$data$ref_label), labs)
  unnamed <- silhouette_widths(as_typology(USArrests, usarrests_partition(3)))
  expect_equal(levels(autoplot(unnamed, lang = "de")$data$type_label), paste("Typ", 1:3))
  expect_equal(levels(autoplot(unnamed, lang = "en")$data$type_label), paste("Type", 1:3))
  # items in the codebook's order, the first at the top
  h <- autoplot(ob$prof, type = "heatmap")
  expect_equal(rev(levels(h$data$item_label)),
               c("Murder arrests", "Assault", "Urban population", "Rape"))
  expect_equal(autoplot(ob$prof, lang = "de")$labels$title, "Profile der Typen")
  expect_equal(autoplot(ob$prof, lang = "en")$labels$title, "Profiles of the types")
})

test_that("no plot has a title or subtitle wider than an 8 in figure", {
  ob <- plot_objects()
  for (lang in c("en", "de")) {
    ps <- list(autoplot(ob$fit, lang = lang), autoplot(ob$scan, lang = lang),
               autoplot(ob$scan, type = "flow", lang = lang), autoplot(ob$sil, lang = lang),
               autoplot(ob$st, lang = lang), autoplot(ob$st, type = "shares", lang = lang),
               autoplot(ob$prof, stability = ob$st, lang = lang),
               autoplot(ob$prof, type = "heatmap", lang = lang))
    for (p in ps) {
      for (what in c("title", "subtitle", "caption")) {
        txt <- p$labels[[what]]
        if (is.null(txt)) next
        expect_lte(max(nchar(strsplit(txt, "\n")[[1]])), 110)
      }
    }
  }
})
