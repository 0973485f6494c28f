package io.hyperstudy.bots;

import java.util.List;

/**
 * What a bot heard on its room socket, in arrival order: the seq and state id of each room frame, the seq of
 * each timeline frame, the id of each chat message (marked {@code history} when replayed on a reconnect), the
 * online members of each presence frame, the outcome frame, how the last connection closed, and how many
 * connections it took; {@code playing}: the media of each timeline frame that plays one.
 */
public record SocketLog(List<Long> roomSeqs, List<String> roomStates, List<Long> timelineSeqs, List<String> playing,
                        List<String> chats,
                        List<List<String>> online, String outcome, String code, String completionUrl,
                        Integer closeCode, int connections) {
}
