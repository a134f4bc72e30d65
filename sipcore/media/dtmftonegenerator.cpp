#include "sipcore/media/dtmftonegenerator.h"

#include "sipcore/media/dtmfevent.h"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <string_view>

namespace sipcore::media {

namespace {

constexpr std::string_view Keypad = "123A456B789C*0#D";
constexpr double Rows[] = {697, 770, 852, 941};
constexpr double Columns[] = {1209, 1336, 1477, 1633};

} // namespace

DtmfToneGenerator::DtmfToneGenerator(unsigned sampleRate)
    : m_sampleRate(sampleRate)
{}

void DtmfToneGenerator::queue(char digit)
{
    // DtmfEvent's code is the one check of what a digit is; the tones take its canonical form.
    if (const auto code = DtmfEvent::codeOf(digit))
        m_queue.push_back(DtmfEvent::digitOf(*code));
}

bool DtmfToneGenerator::fill(std::span<std::int16_t> frame)
{
    if (isIdle())
        return false;
    std::size_t i = 0;
    while (i < frame.size()) {
        if (m_left == 0) {
            if (m_inTone) { // the pause after a tone
                m_inTone = false;
                m_low = m_high = 0;
                m_left = std::uint64_t(m_sampleRate) * PauseMilliseconds / 1000;
            } else if (!m_queue.empty()) {
                const auto at = Keypad.find(m_queue.front());
                m_queue.pop_front();
                m_inTone = true;
                m_low = Rows[at / 4];
                m_high = Columns[at % 4];
                m_left = std::uint64_t(m_sampleRate) * ToneMilliseconds / 1000;
            } else {
                std::fill(frame.begin() + static_cast<std::ptrdiff_t>(i), frame.end(),
                          std::int16_t(0));
                return true;
            }
            m_position = 0;
        }
        for (; i < frame.size() && m_left > 0; ++i, --m_left, ++m_position) {
            const double t = double(m_position) / m_sampleRate;
            const double value = m_inTone
                                         ? Amplitude
                                                   * (std::sin(2 * std::numbers::pi * m_low * t)
                                                      + std::sin(2 * std::numbers::pi * m_high * t))
                                         : 0.0;
            frame[i] = static_cast<std::int16_t>(std::lround(value));
        }
    }
    return true;
}

} // namespace sipcore::media
