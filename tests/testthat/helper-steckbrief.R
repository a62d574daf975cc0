# The number of pages of a PDF: pdftools when installed, else the page
# objects of the file (R's pdf devices write them uncompressed).
pdf_pages <- function(file) {
  if (requireNamespace("pdftools", quietly = TRUE)) return(pdftools::pdf_info(file)$pages)
  txt <- rawToChar(readBin(file, "raw", file.info(file)$size), multiple = FALSE)
  length(gregexpr("/Type\\s*/Page[^s]", txt, perl = TRUE)[[1]])
}

# profiles() warns, as chisq.test() does, when expected counts are below 5
# (the 50 states in 4 regions and 3 types): quiet where that is not the test.
quiet_chisq <- function(expr) suppressWarnings(expr, classes = "typfrage_warning_chisq")
