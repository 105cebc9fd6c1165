package org.apicflow.ui.export;

/**
 * One frame of an export: a cursor position and the mark there.
 *
 * @param position events applied, 0..trace.size()
 * @param mark the name of the mark whose state this frame shows, or empty
 */
public record Shot(int position, String mark) {}
