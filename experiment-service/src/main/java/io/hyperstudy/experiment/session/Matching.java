package io.hyperstudy.experiment.session;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * How waiting participants become rooms. {@code FIRST_COME}: the earliest arrivals form a room and take
 * its roles in definition order. {@code ROLE_BALANCED}: each participant gets a role when they arrive
 * (the one the link names, or the one the session is shortest of), and a room forms as soon as every
 * role's quota can be filled, so an oversupply of one role never blocks the others.
 */
public enum Matching {
    @JsonProperty("firstCome") FIRST_COME,
    @JsonProperty("roleBalanced") ROLE_BALANCED
}
