package io.hyperstudy.helm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.TemplateCommand;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** The chart rendered with some values files, as the Kubernetes objects it makes. */
record Rendered(List<JsonNode> objects) {
    static final Path CHART = Path.of("hyperstudy");
    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    /** {@code helm template} with the chart's required values, then {@code overlays} (files under ci/). */
    static Rendered of(String... overlays) {
        return of(Map.of(), overlays);
    }

    static Rendered of(Map<String, Object> set, String... overlays) {
        TemplateCommand template = new Helm(CHART).template().withName("hs").withNamespace("studies")
                .withValuesFile(CHART.resolve("ci/required.yaml"));
        for (String overlay : overlays) {
            template = template.withValuesFile(CHART.resolve("ci/" + overlay));
        }
        for (var e : set.entrySet()) {
            template = template.set(e.getKey(), e.getValue());
        }
        return parse(template.call());
    }

    static Rendered parse(String manifests) {
        List<JsonNode> out = new ArrayList<>();
        try (var parser = YAML.getFactory().createParser(manifests)) {
            Iterator<JsonNode> docs = YAML.readValues(parser, JsonNode.class);
            while (docs.hasNext()) {
                JsonNode doc = docs.next();
                if (doc != null && doc.isObject() && doc.has("kind")) {
                    out.add(doc);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Rendered(out);
    }

    Stream<JsonNode> ofKind(String kind) {
        return objects.stream().filter(o -> o.path("kind").asText().equals(kind));
    }

    JsonNode get(String kind, String name) {
        return ofKind(kind).filter(o -> o.path("metadata").path("name").asText().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + kind + " " + name + " in " + names()));
    }

    /** Deployments and StatefulSets. */
    Stream<JsonNode> workloads() {
        return Stream.concat(ofKind("Deployment"), ofKind("StatefulSet"));
    }

    List<String> names() {
        return objects.stream().map(o -> o.path("kind").asText() + "/" + o.path("metadata").path("name").asText()).toList();
    }

    /** The names of the variables a workload's container sets, by value or by reference. */
    static List<String> envNames(JsonNode workload) {
        List<String> names = new ArrayList<>();
        for (JsonNode e : container(workload).path("env")) {
            names.add(e.path("name").asText());
        }
        return names;
    }

    static JsonNode container(JsonNode workload) {
        return workload.path("spec").path("template").path("spec").path("containers").path(0);
    }

    /** The chart's own values.yaml with {@code overlays} merged in, as a chart directory {@code helm lint} reads. */
    static Path chartWith(Path dir, String... overlays) throws IOException {
        Path copy = dir.resolve("hyperstudy");
        try (Stream<Path> files = Files.walk(CHART)) {
            for (Path p : files.toList()) {
                Path target = copy.resolve(CHART.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
        JsonNode values = YAML.readTree(CHART.resolve("values.yaml").toFile());
        merge((ObjectNode) values, YAML.readTree(CHART.resolve("ci/required.yaml").toFile()));
        for (String overlay : overlays) {
            merge((ObjectNode) values, YAML.readTree(CHART.resolve("ci/" + overlay).toFile()));
        }
        YAML.writeValue(copy.resolve("values.yaml").toFile(), values);
        return copy;
    }

    private static void merge(ObjectNode into, JsonNode from) {
        from.fields().forEachRemaining(e -> {
            JsonNode existing = into.get(e.getKey());
            if (existing instanceof ObjectNode o && e.getValue().isObject()) {
                merge(o, e.getValue());
            } else {
                into.set(e.getKey(), e.getValue());
            }
        });
    }
}
