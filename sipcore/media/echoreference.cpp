#include "sipcore/media/echoreference.h"

#include <algorithm>

namespace sipcore::media {

EchoReference::EchoReference(std::size_t lead, std::size_t maxLead)
    : m_lead(lead)
    , m_maxLead(std::max(lead, maxLead))
{}

void EchoReference::played(std::span<const std::int16_t> samples)
{
    // What was taken goes before the vector grows: its capacity settles, no allocation after.
    if (m_head > 0 && m_played.size() + samples.size() > m_played.capacity()) {
        m_played.erase(m_played.begin(), m_played.begin() + static_cast<std::ptrdiff_t>(m_head));
        m_head = 0;
    }
    m_played.insert(m_played.end(), samples.begin(), samples.end());
    // Nobody takes while no microphone runs: keep no more than a realignment could use.
    const std::size_t most = m_maxLead + 2 * samples.size();
    if (!m_aligned && held() > most)
        dropOldest(held() - most);
}

void EchoReference::take(std::span<std::int16_t> reference)
{
    if (!m_aligned) {
        const std::size_t keep = reference.size() + m_lead;
        if (held() > keep)
            dropOldest(held() - keep);
        m_aligned = true;
        ++m_moves;
    }
    const std::size_t have = std::min(reference.size(), held());
    const auto from = m_played.begin() + static_cast<std::ptrdiff_t>(m_head);
    std::copy_n(from, have, reference.begin());
    // What is missing is the newest part: the speaker has not been handed it yet.
    std::fill(reference.begin() + static_cast<std::ptrdiff_t>(have), reference.end(),
              std::int16_t(0));
    m_head += have;
    if (have < reference.size())
        ++m_moves;
    if (held() > m_maxLead) {
        dropOldest(held() - m_lead);
        ++m_moves;
    }
}

void EchoReference::reset()
{
    m_aligned = false;
}

void EchoReference::dropOldest(std::size_t count)
{
    m_head += std::min(count, held());
    if (m_head == m_played.size()) {
        m_played.clear();
        m_head = 0;
    }
}

} // namespace sipcore::media
