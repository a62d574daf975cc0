# The package's main job, run by `make study`.
#
# Until the study reproduction lands, a short demonstration of agreement():
# how far do two common typologies of the same data agree?
suppressPackageStartupMessages(library(typfrage))

cli::cli_h1("typfrage: how much do two typologies of the same data agree?")
x <- scale(datasets::USArrests)
set.seed(2020)
km <- stats::kmeans(x, centers = 4, nstart = 25)
ward <- stats::cutree(stats::hclust(stats::dist(x), method = "ward.D2"), k = 4)
cli::cli_text("Data: {.code USArrests} (50 US states, 4 standardised variables).")
cli::cli_text("Partition 1: k-means with k = 4; partition 2: Ward's method cut at k = 4.")
a <- agreement(km$cluster, ward)
print(a)
cli::cli_text("")
cli::cli_text("Ward's types relabelled to match the k-means types (Hungarian matching):")
matched <- match_labels(ward, km$cluster)
print(table(kmeans = km$cluster, ward = matched))
