#include "sipcore/media/audioprocessor.h"

#include <speex/speex_echo.h>
#include <speex/speex_preprocess.h>

#include <algorithm>

namespace sipcore::media {

namespace {

/// How long an echo the filter can learn: the sound devices' buffers and the room.
constexpr unsigned TailMilliseconds = 200;
/// speexdsp's block: its delay, and the shortest its documentation recommends.
constexpr unsigned BlocksPerSecond = 100;

std::size_t blockSamples(unsigned sampleRate, std::size_t frameSamples)
{
    const std::size_t block = sampleRate / BlocksPerSecond;
    return block > 0 && frameSamples % block == 0 ? block : frameSamples;
}

} // namespace

AudioProcessor::AudioProcessor(AudioProcessing settings,
                               unsigned sampleRate,
                               std::size_t frameSamples)
    : m_settings(settings)
    , m_frameSamples(frameSamples)
    , m_blockSamples(blockSamples(sampleRate, frameSamples))
    , m_cleaned(m_blockSamples)
{
    const int frame = static_cast<int>(m_blockSamples);
    int rate = static_cast<int>(sampleRate);
    if (settings.echoCancellation) {
        m_echo = speex_echo_state_init(frame,
                                       static_cast<int>(sampleRate * TailMilliseconds / 1000));
        speex_echo_ctl(m_echo, SPEEX_ECHO_SET_SAMPLING_RATE, &rate);
    }
    if (settings.noiseSuppression || settings.gainControl || settings.echoCancellation) {
        m_preprocess = speex_preprocess_state_init(frame, rate);
        int on = settings.noiseSuppression ? 1 : 0;
        speex_preprocess_ctl(m_preprocess, SPEEX_PREPROCESS_SET_DENOISE, &on);
        on = settings.gainControl ? 1 : 0;
        speex_preprocess_ctl(m_preprocess, SPEEX_PREPROCESS_SET_AGC, &on);
        if (settings.gainControl) {
            float level = 8000; // about -12 dBFS of speech
            speex_preprocess_ctl(m_preprocess, SPEEX_PREPROCESS_SET_AGC_LEVEL, &level);
        }
        // The residual echo the filter leaves is suppressed here.
        if (m_echo)
            speex_preprocess_ctl(m_preprocess, SPEEX_PREPROCESS_SET_ECHO_STATE, m_echo);
    }
}

AudioProcessor::~AudioProcessor()
{
    if (m_preprocess)
        speex_preprocess_state_destroy(m_preprocess);
    if (m_echo)
        speex_echo_state_destroy(m_echo);
}

void AudioProcessor::process(std::span<std::int16_t> captured, std::span<const std::int16_t> played)
{
    if (captured.size() != m_frameSamples || played.size() != m_frameSamples)
        return;
    for (std::size_t at = 0; at < m_frameSamples; at += m_blockSamples) {
        std::int16_t *block = captured.data() + at;
        if (m_echo) {
            speex_echo_cancellation(m_echo, block, played.data() + at, m_cleaned.data());
            std::copy(m_cleaned.begin(), m_cleaned.end(), block);
        }
        if (m_preprocess)
            speex_preprocess_run(m_preprocess, block);
    }
}

} // namespace sipcore::media
