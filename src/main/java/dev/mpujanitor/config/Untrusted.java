package dev.mpujanitor.config;

/**
 * Text that came from outside, from a server, a payload or the environment, made safe to show: on a terminal a
 * control character is a command (ESC starts a sequence that moves the cursor, recolours or sets the window title;
 * a carriage return overwrites the line; a bidi override reverses what follows), and in an error message a value can
 * be megabytes long. It lives in {@code config} because the settings' messages need it as much as the command line
 * and the records do, and {@code config} is the one package all of them may import (it imports none of ours).
 */
public final class Untrusted {

    /** At most this many characters of a rejected value are quoted back: enough to recognise it, never a flood. */
    private static final int QUOTED_LENGTH = 100;

    private Untrusted() {
    }

    /**
     * {@code text} with each control character written as its Java escape, a backslash, {@code u} and four hexadecimal
     * digits ({@code &#92;u001b} for ESC): C0 (U+0000-U+001F), DEL and C1 (U+007F-U+009F), and the bidi embeddings,
     * overrides and isolates (U+202A-U+202E, U+2066-U+2069). Every other character, a backslash too, is shown as itself.
     */
    public static String escaped(String text) {
        StringBuilder shown = new StringBuilder(text.length());
        text.chars().forEach(c -> {
            if (isControl(c)) {
                shown.append(String.format("\\u%04x", c));
            } else {
                shown.append((char) c);
            }
        });
        return shown.toString();
    }

    /**
     * A rejected value as an error message quotes it: escaped, in single quotes, its first {@value #QUOTED_LENGTH}
     * characters only, and then how long it was; {@code absent} for none; anything but text as its {@code toString()},
     * without quotes but as short.
     */
    public static String quoted(Object value) {
        if (value == null) {
            return "absent";
        }
        String text = value.toString();
        // Never cut between the two halves of a character outside the BMP.
        int end = text.length() <= QUOTED_LENGTH ? text.length()
                : Character.isHighSurrogate(text.charAt(QUOTED_LENGTH - 1)) ? QUOTED_LENGTH - 1 : QUOTED_LENGTH;
        String head = escaped(text.substring(0, end));
        String shown = value instanceof String ? "'" + head + "'" : head;
        return end < text.length() ? shown + "... (" + text.length() + " characters)" : shown;
    }

    /** Whether {@code c} is one of the characters {@link #escaped(String)} escapes: a terminal would obey it. */
    public static boolean isControl(int c) {
        return c <= 0x1f || (c >= 0x7f && c <= 0x9f) || (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069);
    }
}
