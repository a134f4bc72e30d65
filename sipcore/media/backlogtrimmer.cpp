#include "sipcore/media/backlogtrimmer.h"

#include "sipcore/media/samplering.h"

#include <algorithm>

namespace sipcore::media {

BacklogTrimmer::BacklogTrimmer(std::size_t window, std::size_t margin, std::size_t maxBacklog)
    : m_window(std::max<std::size_t>(1, window))
    , m_margin(margin)
    , m_maxBacklog(maxBacklog)
{}

std::size_t BacklogTrimmer::read(SampleRing &ring, std::span<std::int16_t> out)
{
    const std::size_t real = ring.readFrame(out, m_maxBacklog);
    // An underrun shows that nothing was to spare: the window starts again.
    m_lowest = real < out.size() ? 0 : std::min(m_lowest, ring.size());
    if (++m_reads < m_window)
        return real;
    if (m_lowest > m_margin)
        m_trimmed += ring.discard(m_lowest - m_margin);
    m_reads = 0;
    m_lowest = std::numeric_limits<std::size_t>::max();
    return real;
}

} // namespace sipcore::media
