# Makes the shipped data sets from the generator's defaults:
#   data/kommunen.rda        simulate_kommunen() with its defaults
#   data/kommunen_items.rda  the codebook of the goal items
# Run from the package root after installing the current version:
#   Rscript data-raw/kommunen.R
# A test checks that `kommunen` is identical() to simulate_kommunen(), so rerun
# this script (and commit the .rda files) whenever the generator changes.

library(typfrage)

kommunen <- simulate_kommunen()
kommunen_items <- typfrage:::kommunen_codebook()

stopifnot(nrow(kommunen) == 412L,
          identical(names(kommunen)[7:18], kommunen_items$variable))

save(kommunen, file = "data/kommunen.rda", compress = "xz", version = 2)
save(kommunen_items, file = "data/kommunen_items.rda", compress = "xz", version = 2)
