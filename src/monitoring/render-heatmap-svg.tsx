/** @jsxImportSource hono/jsx */
// A heatmap of a school's active minutes by weekday and hour (school-local), with the directed day
// marked, as SVG: no script, readable by a screen reader through its title and table fallback.
export function HeatmapSvg(props: {
  heatmap: number[][];
  directedStart?: number;
  directedEnd?: number;
  title: string;
}) {
  const { heatmap } = props;
  const max = Math.max(1, ...heatmap.flat());
  const cell = 22;
  const left = 40;
  const top = 20;
  const days = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
  const width = left + 24 * cell + 10;
  const height = top + 7 * cell + 10;
  return (
    <svg
      role="img"
      aria-labelledby="heatmap-title"
      viewBox={`0 0 ${width} ${height}`}
      width="100%"
      class="heatmap"
      xmlns="http://www.w3.org/2000/svg"
    >
      <title id="heatmap-title">{props.title}</title>
      {Array.from({ length: 24 }, (_, h) =>
        h % 3 === 0 ? (
          <text x={left + h * cell + 2} y={top - 6} font-size="10">
            {String(h).padStart(2, "0")}
          </text>
        ) : null,
      )}
      {days.map((d, i) => (
        <text x={2} y={top + i * cell + 15} font-size="11">
          {d}
        </text>
      ))}
      {heatmap.map((row, d) =>
        row.map((n, h) => {
          // Darker is more minutes; a 0 cell stays white, outlined.
          const shade = n === 0 ? 255 : Math.round(230 - (n / max) * 200);
          return (
            <rect
              x={left + h * cell}
              y={top + d * cell}
              width={cell - 2}
              height={cell - 2}
              fill={`rgb(${shade},${shade},255)`}
              stroke="#888"
              stroke-width="0.5"
            >
              <title>{`${days[d]} ${String(h).padStart(2, "0")}:00: ${n} minutes`}</title>
            </rect>
          );
        }),
      )}
      {props.directedStart === undefined || props.directedEnd === undefined ? null : (
        <rect
          x={left + (props.directedStart / 60) * cell}
          y={top - 2}
          width={((props.directedEnd - props.directedStart) / 60) * cell}
          height={5 * cell + 2}
          fill="none"
          stroke="#b00"
          stroke-width="2"
        >
          <title>The directed day, Monday to Friday</title>
        </rect>
      )}
    </svg>
  );
}
