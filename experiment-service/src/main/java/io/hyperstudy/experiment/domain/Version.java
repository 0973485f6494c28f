package io.hyperstudy.experiment.domain;

import io.hyperstudy.experiment.definition.Definition;

import java.time.Instant;

/** An immutable, published version of an experiment: what sessions run. Never edited once written. */
public record Version(String experimentId, int version, long revision, String title, Definition definition,
                      String publishedBy, Instant publishedAt) {
}
