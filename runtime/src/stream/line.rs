//! Lines of a byte stream that arrives in arbitrary chunks, shared by both framings: each
//! complete line is handed over whole — in place when one chunk holds it, else joined from the
//! bytes kept from earlier chunks — and no line may outgrow the room its reader gives it.

/// What reads the lines of a stream: a framing's state.
pub(super) trait LineSink {
    /// How many bytes the line being read may hold (the event's limit, less what the event
    /// already holds).
    fn room(&self) -> usize;
    /// One complete line, without its end.
    fn line(&mut self, line: &[u8]);
}

/// A line would outgrow its room.
pub(super) struct Overflow;

/// Splits `chunk` into lines ending where `find_end` says (the end, and the length of the
/// line end), handing each complete one to `sink`; what follows the last line end is kept in
/// `pending` for the next chunk.
pub(super) fn split(
    pending: &mut Vec<u8>,
    mut chunk: &[u8],
    find_end: impl Fn(&[u8]) -> Option<(usize, usize)>,
    sink: &mut impl LineSink,
) -> Result<(), Overflow> {
    while let Some((end, skip)) = find_end(chunk) {
        if pending.len() + end > sink.room() {
            return Err(Overflow);
        }
        if pending.is_empty() {
            sink.line(&chunk[..end]);
        } else {
            pending.extend_from_slice(&chunk[..end]);
            sink.line(pending);
            pending.clear();
        }
        chunk = &chunk[end + skip..];
    }
    if pending.len() + chunk.len() > sink.room() {
        return Err(Overflow);
    }
    pending.extend_from_slice(chunk);
    Ok(())
}
