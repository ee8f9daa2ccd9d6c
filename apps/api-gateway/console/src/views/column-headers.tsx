/** A table's header cells, one per column name. */
export function ColumnHeaders({ names }: { names: string[] }) {
  return (
    <>
      {names.map((name) => (
        <th scope="col" key={name}>
          {name}
        </th>
      ))}
    </>
  );
}
