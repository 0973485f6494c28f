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

    static String escape(Object cell) {
        if (cell == null) {
            return "";
        }
        String s = cell.toString();
        if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0 && s.indexOf('\r') < 0) {
            return s;
        }
        return '"' + s.replace("\"", "\"\"") + '"';
    }
}
