#' Assign the rows of a file or database table to the types, chunk by chunk
#'
#' For data that do not fit in memory: fit the typology on a sample (or on
#' the rows that fit), then assign every row of a CSV file, a Parquet file or
#' a database table to its type, chunk by chunk, writing the types back to a
#' CSV or Parquet file or a database table. Only one chunk is in memory at a
#' time.
#' Every chunk is assigned by [predict()] with the same arguments, so the
#' types are those `predict(object, <all rows>)` would give (the same code,
#' tie rule, missing-value and range policies); rows with unanswered items
#' get `NA` under `na_action = "omit"`, with one warning of class
#' `typfrage_warning_missing` for all chunks.
#'
#' Sources:
#' * a CSV file (a path): read through a connection, `chunk_size` lines at a
#'   time, with [utils::read.csv()] (the first line holds the column names);
#' * a Parquet file (a path ending in `.parquet`), read through the
#'   \pkg{nanoparquet} package (Suggests) one row group at a time: the chunks
#'   are the file's row groups and `chunk_size` is not used, so the memory
#'   budget is set when the file is written (e.g.
#'   `nanoparquet::write_parquet(d, file, options =
#'   nanoparquet::parquet_options(num_rows_per_row_group = 1e5))`; arrow's
#'   `write_parquet(chunk_size =)`). A file with one row group is read with
#'   `nanoparquet::read_parquet()`; the row groups of a file with several are
#'   read with nanoparquet's unexported `read_parquet_row_group()` (0.5.x),
#'   and a version without it is an error of class
#'   `typfrage_error_missing_package` (write one file per chunk instead);
#' * a directory of Parquet files (a partitioned dataset as arrow writes
#'   it, without partition columns among the items): every file ending in
#'   `.parquet`, in the order of their names, row group by row group;
#' * a table of a database: `input` is a DBI connection ([DBI::dbConnect()];
#'   tested with SQLite through RSQLite; the SQL is standard) and `table` the
#'   table's name; rows are read in pages of `chunk_size` rows
#'   (`SELECT * ... LIMIT ... OFFSET ...`), so no result set stays open and
#'   the types can be written through the same connection. The rows are in
#'   the order of a plain `SELECT *` (SQLite and DuckDB: the order of the
#'   table); for databases without a stable order give `order_by`, a key
#'   column.
#'
#' @param object A `typology` from [typology()].
#' @param input A path to a CSV file, a Parquet file or a directory of
#'   Parquet files, or a DBI connection.
#' @param output Where the types go: `NULL` (the default) returns them as a
#'   vector (one integer per row, which fits in memory where the rows do
#'   not); a path of a file to write (for file input; columns `row` and
#'   `type`): a Parquet file if it ends in `.parquet` (through nanoparquet,
#'   appended chunk by chunk; an existing file is an error), else a CSV file;
#'   or, for a database, the name of a table to create (columns
#'   `row` and `type`; an existing table is an error).
#' @param table For a DBI connection: the name of the table to read.
#' @param chunk_size Rows per chunk (CSV files and database tables; Parquet
#'   files are read by row groups).
#' @param type `"class"` (integer types) or `"name"` (the type names).
#' @param na_action,out_of_range As in [predict()].
#' @param order_by For a DBI connection: `NULL`, or the column(s) that fix
#'   the order of the rows (`ORDER BY`); the `row` numbers of the output
#'   follow it.
#' @param verbose Show a progress bar? `NULL` uses
#'   `getOption("typfrage.verbose")`, else `interactive()`.
#' @return With `output = NULL` the types of all rows (an integer vector, or
#'   a factor for `type = "name"`); otherwise, invisibly, the number of rows
#'   assigned.
#' @seealso `vignette("large-data")`: fitting on a sample, then assigning all
#'   rows.
#' @export
#' @examples
#' fit <- typology(USArrests, k = 3, standardize = TRUE, seed = 1)
#' csv <- tempfile(fileext = ".csv")
#' utils::write.csv(USArrests, csv, row.names = FALSE)
#' types <- predict_chunked(fit, csv, chunk_size = 20)
#' identical(types, predict(fit, USArrests))
#' unlink(csv)
predict_chunked <- function(object, input, output = NULL, table = NULL,
                            chunk_size = 100000, type = c("class", "name"),
                            na_action = c("omit", "available", "fail"),
                            out_of_range = c("error", "allow"), order_by = NULL,
                            verbose = NULL) {
  check_typology(object, arg = "object")
  call <- rlang::current_env()
  type <- check_choice(type)
  na_action <- check_choice(na_action)
  out_of_range <- check_choice(out_of_range)
  check_count(chunk_size, min = 1, arg = "chunk_size", call = call)
  verbose <- resolve_verbose(verbose, call = call)
  reader <- chunk_reader(input, table, chunk_size, call, order_by)
  on.exit(reader$close(), add = TRUE)
  writer <- chunk_writer(output, input, call)
  on.exit(writer$close(), add = TRUE)

  total <- reader$total
  if (verbose) {
    bar <- cli::cli_progress_bar(tr("progress_assign", typfrage_lang()), total = total,
                                 .envir = call)
  }
  done <- 0
  omitted <- 0
  chunks <- 0
  gc_every <- max(1, ceiling(1e4 / chunk_size))
  repeat {
    chunk <- reader$read()
    if (is.null(chunk) || !nrow(chunk)) break
    types <- withCallingHandlers(
      stats::predict(object, chunk, type = type, na_action = na_action, out_of_range = out_of_range),
      typfrage_warning_missing = function(w) rlang::cnd_muffle(w)
    )
    omitted <- omitted + sum(is.na(types))
    rows <- done + seq_len(nrow(chunk))
    if (done + nrow(chunk) <= .Machine$integer.max) rows <- as.integer(rows)
    writer$write(rows, types)
    done <- done + nrow(chunk)
    # a fixed budget: collect the chunks' garbage every 10,000 rows or more
    # (R's collector would otherwise let it grow with its heap threshold)
    chunks <- chunks + 1
    if (chunks %% gc_every == 0) invisible(gc(verbose = FALSE))
    if (verbose) cli::cli_progress_update(set = done, id = bar)
  }
  if (verbose) cli::cli_progress_done(id = bar)
  if (omitted > 0 && na_action == "omit") {
    cli::cli_warn(
      c("{omitted} row{?s} with unanswered items {?gets/get} no type ({.code NA}).",
        i = "Use {.code na_action = \"available\"} to assign {cli::qty(omitted)}{?it/them} on the answered items."),
      class = "typfrage_warning_missing"
    )
  }
  if (is.null(output)) {
    out <- writer$result()
    if (type == "name") out <- factor(type_labels(object)[out], levels = type_labels(object))
    return(out)
  }
  invisible(done)
}

# Readers: list(read = function() next chunk (data frame) or NULL, close,
# total = number of rows or NA).
chunk_reader <- function(input, table, chunk_size, call, order_by = NULL) {
  if (is.character(input) && length(input) == 1L && !is.na(input)) {
    if (!file.exists(input)) {
      abort_input(c("{.arg input} must be an existing file or directory.",
                    x = "{.file {input}} does not exist."),
                  call = call)
    }
    if (is_parquet_path(input) || dir.exists(input)) return(parquet_reader(input, call))
    if (!grepl("\\.csv(\\.gz)?$", input, ignore.case = TRUE)) {
      abort_input(
        c("{.arg input} must be a CSV file (ending in {.file .csv}), a Parquet file (ending in {.file .parquet}), a directory of Parquet files or a DBI connection.",
          x = "You gave {.file {input}}.",
          i = "For an Arrow dataset, write it as Parquet files, or show it as a table or view of a DBI database (such as {.pkg duckdb}) and pass the connection."),
        call = call
      )
    }
    return(csv_reader(input, chunk_size))
  }
  if (inherits(input, "DBIConnection")) {
    need_package("DBI", "to read a database table", call)
    if (!(is.character(table) && length(table) == 1L && !is.na(table))) {
      abort_input("{.arg table} must name the table of {.arg input} to read.", call = call)
    }
    if (!DBI::dbExistsTable(input, table)) {
      abort_input("{.arg input} has no table {.val {table}}.", call = call)
    }
    if (!is.null(order_by) && !(is.character(order_by) && length(order_by) >= 1L && !anyNA(order_by))) {
      abort_input("{.arg order_by} must be NULL or column names of {.arg table}.", call = call)
    }
    return(dbi_reader(input, table, chunk_size, order_by))
  }
  abort_input(
    c("{.arg input} must be the path of a CSV or Parquet file, a directory of Parquet files, or a DBI connection.",
      x = "You supplied {.obj_type_friendly {input}}."),
    call = call
  )
}

csv_reader <- function(path, chunk_size) {
  con <- file(path, open = "r")
  header <- names(utils::read.csv(text = readLines(con, n = 1L), header = TRUE,
                                  check.names = FALSE))
  list(
    total = NA_real_,
    read = function() {
      tryCatch(
        utils::read.csv(con, header = FALSE, col.names = header, nrows = chunk_size,
                        check.names = FALSE, stringsAsFactors = FALSE),
        error = function(e) {
          if (grepl("no lines available", conditionMessage(e), fixed = TRUE)) NULL else stop(e)
        }
      )
    },
    close = function() if (isOpen(con)) close(con)
  )
}

# Pages of `chunk_size` rows by LIMIT / OFFSET (standard SQL in SQLite,
# DuckDB, PostgreSQL, MySQL): no result set stays open between chunks, so the
# types can be written to the same connection (SQLite allows one open
# result set per connection).
dbi_reader <- function(con, table, chunk_size, order_by = NULL) {
  name <- DBI::dbQuoteIdentifier(con, table)
  total <- as.double(DBI::dbGetQuery(con, paste("SELECT COUNT(*) AS n FROM", name))$n)
  order <- if (is.null(order_by)) "" else
    paste(" ORDER BY", paste(DBI::dbQuoteIdentifier(con, order_by), collapse = ", "))
  offset <- 0
  list(
    total = total,
    read = function() {
      if (offset >= total) return(NULL)
      sql <- sprintf("SELECT * FROM %s%s LIMIT %s OFFSET %s", name, order,
                     format(chunk_size, scientific = FALSE), format(offset, scientific = FALSE))
      out <- DBI::dbGetQuery(con, sql)
      offset <<- offset + nrow(out)
      if (!nrow(out)) offset <<- total
      out
    },
    close = function() NULL
  )
}

# Writers: list(write(rows, types), close, result).
chunk_writer <- function(output, input, call) {
  if (is.null(output)) {
    parts <- list()
    return(list(write = function(rows, types) parts[[length(parts) + 1L]] <<- types,
                close = function() NULL,
                result = function() {
                  out <- unlist(lapply(parts, as.integer), use.names = FALSE)
                  if (is.null(out)) integer() else out
                }))
  }
  if (!(is.character(output) && length(output) == 1L && !is.na(output) && nzchar(output))) {
    abort_input("{.arg output} must be NULL, a file path or a table name.", call = call)
  }
  if (!inherits(input, "DBIConnection") && is_parquet_path(output)) {
    return(parquet_writer(output, call))
  }
  if (inherits(input, "DBIConnection")) {
    if (DBI::dbExistsTable(input, output)) {
      abort_input(c("{.arg output} names an existing table: {.val {output}}.",
                    i = "Choose a new name, or remove the table first."), call = call)
    }
    return(list(write = function(rows, types) {
      DBI::dbWriteTable(input, output, data.frame(row = rows, type = as_type_column(types)),
                        append = TRUE)
    }, close = function() NULL))
  }
  first <- TRUE
  list(write = function(rows, types) {
    utils::write.table(data.frame(row = rows, type = as_type_column(types)), output,
                       sep = ",", row.names = FALSE, col.names = first, append = !first,
                       quote = is.factor(types))
    first <<- FALSE
  }, close = function() NULL)
}

as_type_column <- function(types) if (is.factor(types)) as.character(types) else types

# A classed error naming the optional package to install.
# `available`: the check (a function; tests replace parquet_available() and
# the like to mimic a missing package).
need_package <- function(pkg, why, call = rlang::caller_env(),
                         available = function() package_available(pkg)) {
  if (!available()) {
    abort_typfrage(
      c("The package {.pkg {pkg}} is needed {why}.",
        i = "Install it with {.code install.packages(\"{pkg}\")}."),
      kind = "missing_package", package = pkg, call = call
    )
  }
  invisible(TRUE)
}

package_available <- function(pkg) requireNamespace(pkg, quietly = TRUE)
