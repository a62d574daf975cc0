# The number of pages of a PDF: pdftools when installed, else the page
# objects of the file (R's pdf devices write them uncompressed).
pdf_pages <- function(file) {
  if (requireNamespace("pdftools", quietly = TRUE)) return(pdftools::pdf_info(file)$pages)
  txt <- rawToChar(readBin(file, "raw", file.info(file)$size), multiple = FALSE)
  length(gregexpr("/Type\\s*/Page[^s]", txt, perl = TRUE)[[1]])
}
