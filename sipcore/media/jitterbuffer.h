#pragma once

#include "sipcore/media/rtppacket.h"

#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <vector>

namespace sipcore::media {

/// Reorders one RTP stream's packets and holds them back just long enough to play them out
/// evenly. The delay adapts to the interarrival jitter (RFC 3550 §6.4.1's estimator): about
/// one packet on a clean network, more under jitter; an underrun starts buffering again (the
/// packet it waited for still plays when it comes, a turn later), and a
/// queue more than one packet past its target loses its oldest packet, one per pop().
///
///   Buffering --(target packets queued)--> Playing --(queue empty at pop())--> Buffering
///
/// Time is the caller's: push() takes the arrival time. Not thread-safe (the media thread).
class JitterBuffer
{
public:
    using TimePoint = std::chrono::steady_clock::time_point;
    static constexpr std::size_t MaxPackets = 64;
    static constexpr std::size_t MaxTarget = 12;

    struct Packet
    {
        RtpHeader header;
        std::vector<std::uint8_t> payload;
    };
    enum class Outcome {
        Packet, ///< the next packet in order
        Lost,   ///< a packet is missing (lost, or not here in time): conceal one
        Empty,  ///< buffering: nothing to play yet
    };
    struct Pop
    {
        Outcome outcome = Outcome::Empty;
        Packet packet = {}; ///< for Packet
        /// For Lost: the next queued packet (for FEC), if any; valid until the next push()
        /// or pop().
        const Packet *following = nullptr;
        /// The packet dropped from this pop() to bring the delay down, if one was: not to be
        /// played, but a decoder may want it for its state, a detector for what it heard.
        std::optional<Packet> dropped = std::nullopt;
    };
    struct Statistics
    {
        std::uint64_t received = 0;  ///< packets taken in
        std::uint64_t lost = 0;      ///< gaps played out as lost
        std::uint64_t late = 0;      ///< arrived after their turn had passed
        std::uint64_t duplicate = 0; ///< arrived twice
        std::uint64_t dropped = 0;   ///< thrown away to bring the delay down
        std::uint64_t underruns = 0; ///< times the queue ran dry while playing
        double jitter = 0;           ///< interarrival jitter, in RTP timestamp units
    };

    /// \a clockRate: the RTP timestamp rate of the stream.
    explicit JitterBuffer(unsigned clockRate);

    /// Takes a packet that arrived at \a arrival. A new SSRC starts the buffer afresh.
    /// \a clocked false: its timestamp is not its media time (an RFC 4733 event's start), so
    /// it takes its place in the sequence but not in the jitter estimate.
    void push(const RtpHeader &header,
              std::span<const std::uint8_t> payload,
              TimePoint arrival,
              bool clocked = true);
    /// What to play next; call once per packet's worth of playout.
    Pop pop();

    /// Packets the queue aims to hold before playing (at least 1).
    std::size_t targetPackets() const;
    std::size_t queuedPackets() const { return m_packets.size(); }
    bool isPlaying() const { return m_playing; }
    const Statistics &statistics() const { return m_statistics; }
    /// Forgets everything queued (the stream stopped or changed).
    void reset();

private:
    /// Updates the jitter and packet duration estimates with a packet's arrival.
    void estimate(std::int64_t sequence, std::uint32_t timestamp, TimePoint arrival);
    /// \a sequence extended with the roll-over count (RFC 3550 §A.1).
    std::int64_t extend(std::uint16_t sequence);

    unsigned m_clockRate;
    std::map<std::int64_t, Packet> m_packets;
    std::optional<std::uint32_t> m_ssrc;
    std::int64_t m_highest = -1;        ///< the highest extended sequence number seen
    std::optional<std::int64_t> m_next; ///< the extended sequence number to play next
    bool m_playing = false;
    // RFC 3550 §A.8
    std::optional<double> m_lastTransit;
    std::optional<TimePoint> m_epoch;
    /// Timestamp units between consecutive packets (their duration), once known.
    std::uint32_t m_packetDuration = 0;
    std::optional<std::pair<std::int64_t, std::uint32_t>> m_lastArrival; ///< sequence, timestamp
    Statistics m_statistics;
};

} // namespace sipcore::media
