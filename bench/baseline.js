// The same answer as the wizard for the benchmark's fixed flow, in plain JS:
// a temporary labour migrant gets the diseases list (order 121/2020), the VMS
// minimum under the employer's contract, and pays for the rest.
(function () {
  const root = document.getElementById("wizard");
  const form = document.getElementById("wz-form");
  const result = document.getElementById("wz-result");
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const a = Object.fromEntries(new FormData(form));
    const packages = [];
    if (a.status === "temporary" || a.status === "asylum") packages.push("list121");
    if (a.status === "temporary" && a.purpose === "work" && a.vms === "yes") packages.push("vms_minimum");
    packages.push(a.status === "citizen" ? "equal" : "paid");
    result.textContent = packages.join(" ");
    result.hidden = false;
    root.dataset.state = "result";
  });
  root.dataset.state = "questions";
  root.dataset.engine = "ready";
})();
