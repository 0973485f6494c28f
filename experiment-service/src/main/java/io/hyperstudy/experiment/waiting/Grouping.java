package io.hyperstudy.experiment.waiting;

import io.hyperstudy.experiment.definition.Role;
import io.hyperstudy.experiment.session.Matching;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Forms groups from the live waiting line, as the session's matching says. Pure: the line in, the
 * groups (participant → role, in arrival order) out.
 */
public final class Grouping {
    private Grouping() {
    }

    /**
     * @param line  waiting participants oldest first, each with the role given at arrival (null under first-come)
     */
    public static List<Map<String, String>> groups(Matching matching, List<Role> roles, LinkedHashMap<String, String> line) {
        return matching == Matching.ROLE_BALANCED ? balanced(roles, line) : firstCome(roles, line);
    }

    private static List<Map<String, String>> firstCome(List<Role> roles, LinkedHashMap<String, String> line) {
        List<String> slots = new ArrayList<>();
        roles.forEach(r -> {
            for (int i = 0; i < r.count(); i++) {
                slots.add(r.id());
            }
        });
        List<Map<String, String>> groups = new ArrayList<>();
        List<String> waiting = new ArrayList<>(line.keySet());
        for (int start = 0; slots.size() > 0 && start + slots.size() <= waiting.size(); start += slots.size()) {
            Map<String, String> group = new LinkedHashMap<>();
            for (int i = 0; i < slots.size(); i++) {
                group.put(waiting.get(start + i), slots.get(i));
            }
            groups.add(group);
        }
        return groups;
    }

    private static List<Map<String, String>> balanced(List<Role> roles, LinkedHashMap<String, String> line) {
        Map<String, List<String>> byRole = new LinkedHashMap<>();
        roles.forEach(r -> byRole.put(r.id(), new ArrayList<>()));
        line.forEach((participant, role) -> {
            if (role != null && byRole.containsKey(role)) {
                byRole.get(role).add(participant);
            }
        });
        List<Map<String, String>> groups = new ArrayList<>();
        while (!roles.isEmpty() && roles.stream().allMatch(r -> byRole.get(r.id()).size() >= r.count())) {
            Map<String, String> group = new LinkedHashMap<>();
            for (Role r : roles) {
                List<String> queue = byRole.get(r.id());
                for (int i = 0; i < r.count(); i++) {
                    group.put(queue.remove(0), r.id());
                }
            }
            groups.add(group);
        }
        return groups;
    }

    /**
     * The role a new arrival gets under role-balanced matching: the one the session is furthest short of,
     * given how many of each role have arrived so far; ties go to the role listed first.
     */
    public static String roleFor(List<Role> roles, Map<String, Integer> arrived) {
        int groupSize = roles.stream().mapToInt(Role::count).sum();
        int total = arrived.values().stream().mapToInt(Integer::intValue).sum() + 1;
        String best = null;
        double bestDeficit = Double.NEGATIVE_INFINITY;
        for (Role r : roles) {
            double deficit = (double) r.count() * total / groupSize - arrived.getOrDefault(r.id(), 0);
            if (deficit > bestDeficit + 1e-9) {
                best = r.id();
                bestDeficit = deficit;
            }
        }
        return best;
    }
}
