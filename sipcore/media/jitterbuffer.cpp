#include "sipcore/media/jitterbuffer.h"

#include <algorithm>
#include <cmath>

namespace sipcore::media {

JitterBuffer::JitterBuffer(unsigned clockRate)
    : m_clockRate(clockRate)
{}

void JitterBuffer::reset()
{
    m_packets.clear();
    m_ssrc.reset();
    m_highest = -1;
    m_next.reset();
    m_playing = false;
    m_lastTransit.reset();
    m_lastArrival.reset();
    m_packetDuration = 0;
}

std::int64_t JitterBuffer::extend(std::uint16_t sequence)
{
    if (m_highest < 0)
        return sequence;
    const std::int64_t cycle = m_highest & ~std::int64_t(0xffff);
    std::int64_t extended = cycle | sequence;
    // The candidate in this, the next or the last cycle nearest the highest seen.
    if (extended < m_highest - 0x8000)
        extended += 0x10000;
    else if (extended > m_highest + 0x8000 && extended >= 0x10000)
        extended -= 0x10000;
    return extended;
}

void JitterBuffer::push(const RtpHeader &header,
                        std::span<const std::uint8_t> payload,
                        TimePoint arrival,
                        bool clocked)
{
    if (m_ssrc && *m_ssrc != header.ssrc) {
        const Statistics kept = m_statistics;
        reset();
        m_statistics = kept;
    }
    m_ssrc = header.ssrc;
    const std::int64_t sequence = extend(header.sequenceNumber);
    ++m_statistics.received;

    if (clocked)
        estimate(sequence, header.timestamp, arrival);

    m_highest = std::max(m_highest, sequence);
    if (m_next && sequence < *m_next) {
        ++m_statistics.late;
        return;
    }
    if (m_packets.contains(sequence)) {
        ++m_statistics.duplicate;
        return;
    }
    if (m_packets.size() >= MaxPackets) {
        m_packets.erase(m_packets.begin());
        ++m_statistics.dropped;
    }
    m_packets.emplace(sequence, Packet{header, {payload.begin(), payload.end()}});
}

void JitterBuffer::estimate(std::int64_t sequence, std::uint32_t timestamp, TimePoint arrival)
{
    // Interarrival jitter (§6.4.1), in timestamp units.
    if (!m_epoch)
        m_epoch = arrival;
    const double arrivalUnits
            = std::chrono::duration<double>(arrival - *m_epoch).count() * m_clockRate;
    const double transit = arrivalUnits - static_cast<double>(timestamp);
    if (m_lastTransit) {
        const double difference = std::abs(transit - *m_lastTransit);
        // A timestamp jump (a new talk spurt's clock, a wrap) is not jitter.
        if (difference < m_clockRate)
            m_statistics.jitter += (difference - m_statistics.jitter) / 16;
    }
    m_lastTransit = transit;
    if (m_lastArrival && sequence == m_lastArrival->first + 1) {
        const std::uint32_t duration = timestamp - m_lastArrival->second;
        if (duration > 0 && duration <= m_clockRate / 5) // up to 200 ms a packet
            m_packetDuration = duration;
    }
    m_lastArrival = std::make_pair(sequence, timestamp);
}

std::size_t JitterBuffer::targetPackets() const
{
    if (m_packetDuration == 0)
        return 1;
    // Enough to ride out about three times the mean deviation, to the nearest packet: one
    // packet while that is under half a packet.
    const long extra = std::lround(3 * m_statistics.jitter / m_packetDuration);
    return std::clamp<std::size_t>(1 + static_cast<std::size_t>(extra), 1, MaxTarget);
}

JitterBuffer::Pop JitterBuffer::pop()
{
    Pop result;
    if (!m_playing) {
        if (m_packets.empty() || m_packets.size() < targetPackets())
            return result;
        m_playing = true;
        if (!m_next || m_packets.begin()->first > *m_next)
            m_next = m_packets.begin()->first;
    }
    if (m_packets.empty()) {
        // Ran dry: fill this turn in and buffer up again. The packet due is not given up: when
        // it comes it is played, a turn later, which moves playout one packet further behind
        // the arrivals (what a sender whose clock runs in step with ours just behind needs).
        ++m_statistics.underruns;
        m_playing = false;
        result.outcome = Outcome::Lost;
        return result;
    }
    // Grown past the target (the jitter went down, or a burst came): drop the oldest.
    if (m_packets.size() > targetPackets() + 1) {
        m_next = std::next(m_packets.begin())->first;
        result.dropped = std::move(m_packets.begin()->second);
        m_packets.erase(m_packets.begin());
        ++m_statistics.dropped;
    }
    auto first = m_packets.begin();
    if (first->first == *m_next) {
        result.outcome = Outcome::Packet;
        result.packet = std::move(first->second);
        m_packets.erase(first);
        ++*m_next;
        return result;
    }
    // A gap: that packet is lost (or later than its turn, which counts the same).
    ++m_statistics.lost;
    ++*m_next;
    result.outcome = Outcome::Lost;
    result.following = &first->second;
    return result;
}

} // namespace sipcore::media
