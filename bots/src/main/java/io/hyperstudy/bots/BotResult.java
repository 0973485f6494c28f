package io.hyperstudy.bots;

import java.util.List;

/**
 * What a bot saw: its participant id, role and room, the states it went through in order, how many
 * responses it sent, and how its part ended ({@code outcome}, the completion {@code code}); {@code socket}: what
 * it heard on its room socket (null for a bot that follows its room by heartbeats alone).
 */
public record BotResult(String participantId, String role, String roomId, List<String> states, int responses,
                        String outcome, String code, String completionUrl, SocketLog socket) {
}
