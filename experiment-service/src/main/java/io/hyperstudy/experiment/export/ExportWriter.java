package io.hyperstudy.experiment.export;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Writes export rows as they come, as CSV (RFC 4180) or as a JSON array, never holding them all. */
abstract class ExportWriter implements AutoCloseable {

    abstract void write(ExportRow row);

    static ExportWriter csv(OutputStream out) {
        BufferedWriter w = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16);
        return new ExportWriter() {
            {
                line(ExportRow.COLUMNS);
            }

            @Override
            void write(ExportRow row) {
                line(row.cells());
            }

            private void line(Object[] cells) {
                try {
                    for (int i = 0; i < cells.length; i++) {
                        if (i > 0) {
                            w.write(',');
                        }
                        w.write(escape(cells[i]));
                    }
                    w.write("\r\n");
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }

            @Override
            public void close() throws IOException {
                w.flush();
            }
        };
    }

    static ExportWriter json(OutputStream out, ObjectMapper mapper) {
        try {
            JsonGenerator g = mapper.getFactory().createGenerator(out);
            g.writeStartArray();
            return new ExportWriter() {
                @Override
                void write(ExportRow row) {
                    try {
                        g.writeStartObject();
                        Object[] cells = row.cells();
                        for (int i = 0; i < cells.length; i++) {
                            if (cells[i] == null) {
                                continue;
                            }
                            g.writeFieldName(ExportRow.COLUMNS[i]);
                            if (i == cells.length - 1) {
                                g.writeRawValue((String) cells[i]);
                            } else {
                                g.writeObject(cells[i]);
                            }
                        }
                        g.writeEndObject();
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }

                @Override
                public void close() throws IOException {
                    g.writeEndArray();
                    g.flush();
                }
            };
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A number as JSON and spreadsheets both write it: harmless whatever its first character. */
    private static final java.util.regex.Pattern NUMBER = java.util.regex.Pattern.compile(
            "-?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][+-]?[0-9]+)?");

    static String escape(Object cell) {
        if (cell == null) {
            return "";
        }
        String s = neutralised(cell.toString());
        if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0 && s.indexOf('\r') < 0) {
            return s;
        }
        return '"' + s.replace("\"", "\"\"") + '"';
    }

    /**
     * A cell a spreadsheet would run as a formula (OWASP CSV injection: it starts with {@code = + - @}, a
     * tab or a carriage return) gets a leading apostrophe, which spreadsheets show as text. Labels, link
     * parameters and free text come from participants, so any cell may be one; plain numbers stay numbers.
     */
    static String neutralised(String s) {
        if (s.isEmpty() || "=+-@\t\r".indexOf(s.charAt(0)) < 0 || NUMBER.matcher(s).matches()) {
            return s;
        }
        return "'" + s;
    }
}
